using System.Data.Common;
using System.Globalization;
using Alpi.HotspotController.Audit;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// Audits the administration API's reads of personal data (the connection log's sessions: who was connected, with
/// which device, address and times; the accounts, the devices, the audit log), as the collector audits its own: each read is written to the audit log with its
/// actor (the token's name), what was asked and its outcome (<see cref="PersonalDataDetails"/>) <em>before</em> the
/// answer leaves; a read whose entry cannot be written is not served but answered 503
/// (<see cref="Unavailable"/>), and logged. A refused read (a bad criterion, or a token whose role does not allow the
/// endpoint: 403) is recorded too, its reason <c>STATUS CODE: SENTENCE</c> as the collector writes it
/// (<see cref="PersonalDataDetails.RefusalReason"/>); if that entry cannot be written the refusal is still answered
/// (nothing was served) and the failure logged. Every entry that cannot be written is counted
/// (<see cref="AuditStatistics.WriteFailures"/>).
/// </summary>
public sealed partial class PersonalDataAudit(AuditLog audit, ILogger<PersonalDataAudit> logger)
{
    /// <summary>The <c>detail</c> of the 503 answered when the audit entry cannot be written.</summary>
    public const string UnavailableDetail = "the audit log cannot be written, so personal data is not served; see the controller's log";

    /// <summary>Writes the entry of a read about to be served.</summary>
    /// <param name="http">The request: its authenticated token name is the actor, its remote address the <c>address</c>.</param>
    /// <param name="action">One of <see cref="AuditActions"/> (<see cref="AuditActions.SessionList"/>, <see cref="AuditActions.SessionSearch"/>, <see cref="AuditActions.UserList"/>, <see cref="AuditActions.DeviceList"/>, <see cref="AuditActions.AuditList"/>).</param>
    /// <param name="asked">The criteria as understood (e.g. <c>ConnectionLogCriteria.ToAuditDetails</c>) and the limit, in order; empty when nothing was asked.</param>
    /// <param name="rows">The number of rows the answer holds.</param>
    /// <returns>True when written: serve the answer; false when the audit log could not be written (logged): answer <see cref="Unavailable"/> instead.</returns>
    /// <exception cref="OperationCanceledException">The request was aborted; nothing is served.</exception>
    public async Task<bool> ServedAsync(HttpContext http, string action, IEnumerable<KeyValuePair<string, string?>> asked, int rows)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(asked);
        try
        {
            await WriteServedAsync(Actor(http), action, asked, rows, "api", AddressOf(http), http.RequestAborted);
            return true;
        }
        catch (DbException e)
        {
            Log.NotServed(logger, action, Actor(http), e.Message);
            return false;
        }
    }

    /// <summary>
    /// Writes the entry of a read about to be served, whoever serves it: the API (<see cref="ServedAsync"/>) or the CLI
    /// (<c>users list</c>, <c>devices list</c>, <c>sessions list</c>, <c>audit list</c>, which print nothing when this throws).
    /// </summary>
    /// <param name="actor">The token's name, or <c>cli:&lt;user&gt;</c>.</param>
    /// <param name="action">One of <see cref="AuditActions"/>.</param>
    /// <param name="asked">What was asked, in order (see <see cref="ServedAsync"/>); empty when nothing was.</param>
    /// <param name="rows">The number of rows about to be served.</param>
    /// <param name="channel"><c>api</c> or <c>cli</c>.</param>
    /// <param name="address">The caller's IP address, or null (the CLI).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="DbException">The entry could not be written: serve nothing.</exception>
    public Task WriteServedAsync(string actor, string action, IEnumerable<KeyValuePair<string, string?>> asked, int rows, string channel, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asked);
        return audit.WriteAsync(actor, action,
        [
            new("category", PersonalDataDetails.PersonalData), new("outcome", PersonalDataDetails.Served), .. asked,
            new("rows", rows.ToString(CultureInfo.InvariantCulture)), new("channel", channel), new("address", address),
        ], cancellationToken);
    }

    /// <summary>
    /// Writes the entry of a refused read (nothing was read nor served), before the refusal is answered; a failed write
    /// is logged, not thrown.
    /// </summary>
    /// <param name="http">The request: actor, address, and its query string as sent (recorded as <c>query</c>, cut at <see cref="PersonalDataDetails.MaxQueryLength"/> characters).</param>
    /// <param name="action">One of <see cref="AuditActions"/>.</param>
    /// <param name="problem">The RFC 9457 problem about to be answered: its status, <c>code</c> and <c>detail</c> are the
    /// entry's <c>reason</c> (<see cref="PersonalDataDetails.RefusalReason"/>: <c>400 wifi.search.ip: ip: "x" is not …</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public Task RefusedAsync(HttpContext http, string action, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return WriteUnservedAsync(http, action, PersonalDataDetails.Refused, PersonalDataDetails.RefusalReason(problem.Status, problem.Code, problem.Detail));
    }

    /// <summary>
    /// Writes the entry of a read whose handler threw (the store could not be read: nothing was served, the answer is a
    /// 500), outcome <see cref="PersonalDataDetails.Failed"/> with the error's message as <c>reason</c>; a failed write is logged, not thrown.
    /// </summary>
    /// <param name="http">The request.</param>
    /// <param name="action">One of <see cref="AuditActions"/>.</param>
    /// <param name="error">What the handler threw.</param>
    public Task FailedAsync(HttpContext http, string action, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WriteUnservedAsync(http, action, PersonalDataDetails.Failed, error.Message);
    }

    private async Task WriteUnservedAsync(HttpContext http, string action, string outcome, string reason)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : "";
        if (query.Length > PersonalDataDetails.MaxQueryLength)
        {
            query = query[..PersonalDataDetails.MaxQueryLength];
        }

        try
        {
            await audit.WriteAsync(Actor(http), action,
            [
                new("category", PersonalDataDetails.PersonalData), new("outcome", outcome), new("query", query),
                new("reason", reason), new("channel", "api"), new("address", AddressOf(http)),
            ], CancellationToken.None);
        }
        catch (DbException e)
        {
            Log.RefusalNotAudited(logger, action, outcome, Actor(http), e.Message);
        }
    }

    /// <summary>
    /// The answer of a personal-data read whose audit entry could not be written: 503, an RFC 9457 problem whose
    /// <c>detail</c> is <see cref="UnavailableDetail"/>.
    /// </summary>
    public static IResult Unavailable() =>
        Results.Json(AdminTokenAuthenticationHandler.ProblemOf(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", UnavailableDetail)
                with { Code = RefusalCodes.AccessAuditUnavailable },
            ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, StatusCodes.Status503ServiceUnavailable);

    /// <summary>Logs an export of the connection log refused because its audit entry (or its count) could not be written or read.</summary>
    /// <param name="actor">The token's name.</param>
    /// <param name="error">The database's error.</param>
    public void ExportNotServed(string actor, DbException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Log.NotServed(logger, AuditActions.LegalLogExport, actor, error.Message);
    }

    /// <summary>
    /// Marks an endpoint as a read of personal data (<see cref="PersonalDataReadMetadata"/>, so that a 403 answered by
    /// <see cref="AdminTokenAuthenticationHandler"/> is audited as refused) and adds the audit of a read whose handler
    /// throws (<see cref="FailedAsync"/>), before the exception goes on (a 500); an aborted request is not recorded.
    /// </summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="action">The action of the endpoint's audit entries.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder AuditingFailures(RouteHandlerBuilder builder, string action)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new PersonalDataReadMetadata(action)).AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await context.HttpContext.RequestServices.GetRequiredService<PersonalDataAudit>().FailedAsync(context.HttpContext, action, e);
                throw;
            }
        });
    }

    /// <summary>The actor of <paramref name="http"/>: its token's name, as every other entry of the API records it.</summary>
    internal static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    /// <summary>The caller's IP address as the server saw it (an IPv4-mapped IPv6 address as IPv4), or null.</summary>
    private static string? AddressOf(HttpContext http) => http.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;
}

/// <summary>
/// Endpoint metadata of the administration API: the endpoint serves personal data, and its audit entries have
/// <see cref="Action"/>. A request the endpoint's role refuses (403) is written to the audit log as a refused read of that
/// action before it is answered (<see cref="AdminTokenAuthenticationHandler"/>), as the endpoint writes its own refusals.
/// </summary>
/// <param name="Action">One of <see cref="AuditActions"/> (<see cref="AuditActions.SessionSearch"/>, <see cref="AuditActions.LegalLogExport"/>…).</param>
public sealed record PersonalDataReadMetadata(string Action);
