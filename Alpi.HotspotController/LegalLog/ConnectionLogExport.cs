using System.Data.Common;
using System.Globalization;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Exports the connection log for a judicial requisition (CPCE art. L34-1 III and R10-13; décret 2021-1362) as CSV
/// (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, a quote or a line break, quotes
/// doubled; UTF-8 without BOM), one row per session, in the columns of <see cref="Header"/>. Values are written
/// exactly as recorded (no spreadsheet-formula escaping, which would alter the evidence): open the file as text.
/// <para>
/// Each export is written to the audit log — who, when, the criteria and the row count, with the words of every read of
/// personal data (<see cref="PersonalDataDetails"/>: category <c>personal-data</c>, outcome <c>served</c>) — before the first row leaves:
/// the count and the rows are read in one snapshot of the database, so the audited count is the number of rows sent.
/// Who may export is decided by the caller: the <c>dpo</c> role of the API, or the CLI's access to the database file.
/// </para>
/// </summary>
public sealed class ConnectionLogExport(HotspotDatabase database, AuditLog audit, IOptions<HotspotOptions> options)
{
    private readonly TimeSpan _grace = ConnectionLogQuery.OpenSessionGrace((options ?? throw new ArgumentNullException(nameof(options))).Value);

    /// <summary>
    /// The CSV header: NAS name and address, Acct-Session-Id, account, User-Name, MAC, IP, Called-Station-Id, start and
    /// stop (ISO-8601 UTC, milliseconds), octets from and to the device, Acct-Terminate-Cause, and the time of the last
    /// accounting message (last, so that readers of the earlier columns by position are unchanged): a session without
    /// a stop whose last accounting is old lost its Stop, and is known to have lasted only until then.
    /// </summary>
    public static readonly string[] Header =
    [
        "nas", "nas_ip", "acct_session_id", "account", "user_name", "mac", "ip", "called_station_id",
        "start_utc", "stop_utc", "input_octets", "output_octets", "terminate_cause", "last_accounting_utc",
    ];

    /// <summary>Writes the sessions matching <paramref name="criteria"/> to <paramref name="output"/>, after auditing the export.</summary>
    /// <param name="criteria">The criteria; <see cref="ConnectionLogCriteria.From"/> and <see cref="ConnectionLogCriteria.To"/> are required.</param>
    /// <param name="actor">Who asks (an API token's name, <c>cli:&lt;user&gt;</c>).</param>
    /// <param name="channel"><c>api</c> or <c>cli</c>, recorded in the audit entry.</param>
    /// <param name="output">Receives UTF-8 CSV; left open, flushed.</param>
    /// <param name="cancellationToken">Cancels the export (the audit entry stays).</param>
    /// <returns>The number of sessions written (the header not counted).</returns>
    /// <exception cref="ArgumentException">The period is not bounded on both sides.</exception>
    /// <exception cref="DbException">The database cannot be read or the audit entry written; nothing was sent then.</exception>
    public async Task<long> WriteCsvAsync(ConnectionLogCriteria criteria, string actor, string channel, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(output);
        if (criteria.From is null || criteria.To is null)
        {
            throw new ArgumentException("An export covers a bounded period: from and to are required.", nameof(criteria));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        // The audit entry is written through another connection, which neither database holds up beside this reader.
        await using var transaction = await database.Dialect.BeginSnapshotAsync(connection, cancellationToken);
        var resolved = await ConnectionLogQuery.WithAccountSpellingsAsync(connection, transaction, criteria);
        var rows = await ConnectionLogQuery.CountAsync(connection, transaction, resolved, _grace);
        await audit.WriteAsync(actor, AuditActions.LegalLogExport,
            [
                new("category", PersonalDataDetails.PersonalData), new("outcome", PersonalDataDetails.Served), .. criteria.ToAuditDetails(),
                new("rows", rows.ToString(CultureInfo.InvariantCulture)), new("channel", channel),
            ], cancellationToken);

        var written = 0L;
        await using (var csv = CsvWriter.Create(output, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            await foreach (var session in ConnectionLogQuery.StreamAsync(connection, transaction, resolved, _grace).WithCancellation(cancellationToken))
            {
                WriteRow(csv, session);
                await csv.EndRecordAsync(cancellationToken);
                written++;
            }

            await csv.FlushAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>A Unix-milliseconds time as ISO-8601 UTC with milliseconds, <c>2026-11-29T14:00:00.000Z</c>.</summary>
    public static string FormatTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteRow(CsvWriter csv, HotspotSession session)
    {
        csv.WriteField(session.Nas);
        csv.WriteField(session.NasIp);
        csv.WriteField(session.AcctSessionId);
        csv.WriteField(session.AccountLogin);
        csv.WriteField(session.UserName);
        csv.WriteField(session.Mac);
        csv.WriteField(session.FramedIp);
        csv.WriteField(session.CalledStationId);
        csv.WriteField(FormatTime(session.StartedUnixMs));
        csv.WriteField(session.StoppedUnixMs is { } stopped ? FormatTime(stopped) : null);
        csv.WriteField(session.InputOctets.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(session.OutputOctets.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(session.TerminateCause);
        csv.WriteField(FormatTime(session.UpdatedUnixMs));
    }
}
