using Alpi.Collector.Inventory;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Reads the payload of one metrics message (<c>alpi/&lt;tenant&gt;/&lt;host&gt;/metrics</c>, InfluxDB line protocol) into
/// the points to store, for the ingest client (<see cref="MqttIngestService"/>, external broker) and the embedded broker
/// (<see cref="EmbeddedBrokerIngest"/>) alike. The topic's tenant and host overwrite any <c>tenant</c> or <c>host</c> tag,
/// so a publisher can only write its own series; a point without timestamp gets the reception time; a point stamped
/// before <see cref="EarliestTimestampNs"/> (1678-01-01) or after <see cref="LatestTimestampNs"/> (2261-12-31) is a bad line,
/// as every store and query can hold and read the range between (the edges of int64 nanoseconds, 1677-09-21 and
/// 2262-04-11, overflow the 5-minute buckets and steps computed near them). A line longer than
/// <see cref="IngestOptions.MaxLineBytes"/> octets is rejected unread, with its line number, and counted
/// (<see cref="IngestStatistics.LinesTooLong"/>); every bad line is counted per host and logged (at most once per host
/// per minute, <see cref="MalformedPayloadLog"/>) with the topic; the good lines of the payload are kept.
/// </summary>
public sealed class MetricsPayloadReader(
    HostInventory inventory,
    IngestStatistics statistics,
    MalformedPayloadLog malformedLog,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The earliest timestamp stored, 1678-01-01T00:00:00Z in nanoseconds since the Unix epoch (the query API's range starts in 1678 too).</summary>
    public static readonly long EarliestTimestampNs = ToUnixNanoseconds(new DateTimeOffset(1678, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The latest timestamp stored, 2261-12-31T23:59:59.999999999Z in nanoseconds since the Unix epoch.</summary>
    public static readonly long LatestTimestampNs = ToUnixNanoseconds(new DateTimeOffset(2262, 1, 1, 0, 0, 0, TimeSpan.Zero)) - 1;

    /// <summary>Reads one payload; counts the message and its bad lines.</summary>
    /// <param name="payload">The MQTT payload (UTF-8 line protocol).</param>
    /// <param name="tenant">Tenant from the topic.</param>
    /// <param name="host">Host from the topic.</param>
    /// <param name="topic">The topic, for the log.</param>
    /// <returns>The good points, with timestamps (ns since the epoch) and the tenant and host tags set; possibly none.</returns>
    public List<LinePoint> Read(ReadOnlySpan<byte> payload, string tenant, string host, string topic) =>
        Read(payload, tenant, host, topic, timeProvider.GetUtcNow(), out _);

    /// <summary>Reads one payload received at <paramref name="receivedAt"/>; counts the message and its bad lines.</summary>
    /// <param name="payload">The MQTT payload (UTF-8 line protocol).</param>
    /// <param name="tenant">Tenant from the topic.</param>
    /// <param name="host">Host from the topic.</param>
    /// <param name="topic">The topic, for the log.</param>
    /// <param name="receivedAt">Reception time: the timestamp of points that carry none.</param>
    /// <param name="firstError">The first rejected line (line number, column, reason); for a payload without any point
    /// (empty, or only blank lines and comments) an error at line 1, column 1 saying so (not counted as a bad line); null
    /// when every line is good and there is at least one point.</param>
    /// <returns>The good points, with timestamps (ns since the epoch) and the tenant and host tags set; possibly none.</returns>
    public List<LinePoint> Read(ReadOnlySpan<byte> payload, string tenant, string host, string topic, DateTimeOffset receivedAt, out LineProtocolError? firstError)
    {
        statistics.CountMessage();
        var parsed = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        var tooLong = ParseWithLineLimit(payload, options.Value.Ingest.MaxLineBytes, Shaping(tenant, host, ToUnixNanoseconds(receivedAt)), parsed, errors);
        if (tooLong > 0)
        {
            statistics.CountLinesTooLong(tooLong);
        }

        firstError = errors.Count > 0 ? errors[0] : null;
        if (errors.Count > 0)
        {
            statistics.CountMalformed($"{tenant}/{host}", errors.Count);
            inventory.MarkSeen(tenant, host, receivedAt, errors.Count);
            malformedLog.Report(topic, errors, parsed.Count);
        }
        else if (parsed.Count == 0)
        {
            // No bad line and nothing to store: an empty payload (or only blank lines and comments) is a refused message
            // too, not a bad line; the caller counts the message as it counts one none of whose lines can be read.
            firstError = new LineProtocolError(1, 1, payload.IsEmpty
                ? "empty payload: a metrics message holds at least one line of line protocol"
                : "no point: the payload holds only blank lines or comments");
            malformedLog.Report(topic, [firstError], 0);
        }

        return parsed;
    }

    /// <summary>
    /// Reads again a payload already read by <see cref="Read(ReadOnlySpan{byte}, string, string, string, DateTimeOffset, out LineProtocolError?)"/>
    /// (a journal replay): the same points, nothing counted or logged, as its bad lines were when it was received.
    /// </summary>
    /// <param name="payload">The payload as received.</param>
    /// <param name="tenant">Tenant from the topic.</param>
    /// <param name="host">Host from the topic.</param>
    /// <param name="receivedNs">Reception time, ns since the epoch.</param>
    /// <returns>The good points.</returns>
    public List<LinePoint> ReadAgain(ReadOnlySpan<byte> payload, string tenant, string host, long receivedNs)
    {
        var parsed = new List<LinePoint>();
        ParseWithLineLimit(payload, options.Value.Ingest.MaxLineBytes, Shaping(tenant, host, receivedNs), parsed, []);
        return parsed;
    }

    /// <summary><paramref name="time"/> in nanoseconds since the Unix epoch.</summary>
    public static long ToUnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>
    /// The reception time for the lines without timestamp and the topic's identity for every tag set, applied by the parser
    /// as it reads each point (no second copy of each point): the points of one parsed tag set share one tag list with the
    /// identity, which SeriesRegistry.SeriesKeyPrefix's cache then recognises (one prefix built per tag set, not per point).
    /// The topic's tenant and host come first and replace any <c>tenant</c> or <c>host</c> tag of the line. A line stamped
    /// outside <see cref="EarliestTimestampNs"/> to <see cref="LatestTimestampNs"/> is a bad line.
    /// </summary>
    /// <param name="tenant">Tenant from the topic.</param>
    /// <param name="host">Host from the topic.</param>
    /// <param name="receivedNs">Reception time, ns since the epoch: the timestamp of the lines without one.</param>
    public static LinePointShaping Shaping(string tenant, string host, long receivedNs) =>
        new(receivedNs, tags => WithIdentity(tags, tenant, host)) { MinTimestamp = EarliestTimestampNs, MaxTimestamp = LatestTimestampNs };

    /// <summary>
    /// Parses <paramref name="payload"/> (nanosecond timestamps) except its lines longer than <paramref name="maxLineBytes"/>
    /// octets (the newline not counted), each of which becomes an error at its line number, column
    /// <paramref name="maxLineBytes"/> + 1, without being read. Line numbers are those of the whole payload.
    /// </summary>
    /// <returns>The number of lines rejected for their length.</returns>
    public static int ParseWithLineLimit(ReadOnlySpan<byte> payload, int maxLineBytes, List<LinePoint> points, List<LineProtocolError> errors) =>
        ParseWithLineLimit(payload, maxLineBytes, null, points, errors);

    /// <summary>
    /// As <see cref="ParseWithLineLimit(ReadOnlySpan{byte}, int, List{LinePoint}, List{LineProtocolError})"/>, each point
    /// shaped by <paramref name="shaping"/> as it is read (see <see cref="LineProtocolParser"/>).
    /// </summary>
    /// <returns>The number of lines rejected for their length.</returns>
    public static int ParseWithLineLimit(ReadOnlySpan<byte> payload, int maxLineBytes, LinePointShaping? shaping, List<LinePoint> points, List<LineProtocolError> errors)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(errors);
        if (payload.Length <= maxLineBytes)
        {
            LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, shaping, points, errors);
            return 0;
        }

        var tooLong = 0;
        var segmentStart = 0; // start of the lines not parsed yet
        var segmentFirstLine = 1;
        var lineStart = 0;
        var lineNumber = 1;
        while (lineStart < payload.Length)
        {
            var newline = payload[lineStart..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? payload.Length : lineStart + newline;
            var length = lineEnd - lineStart - (lineEnd > lineStart && payload[lineEnd - 1] == (byte)'\r' ? 1 : 0);
            if (length > maxLineBytes)
            {
                ParseSegment(payload[segmentStart..lineStart], segmentFirstLine, shaping, points, errors);
                errors.Add(new LineProtocolError(lineNumber, maxLineBytes + 1,
                    $"line of {length} octets is longer than the limit of {maxLineBytes} (Collector:Ingest:MaxLineBytes); not read"));
                tooLong++;
                segmentStart = Math.Min(payload.Length, lineEnd + 1);
                segmentFirstLine = lineNumber + 1;
            }

            lineStart = lineEnd + 1;
            lineNumber++;
        }

        ParseSegment(payload[segmentStart..], segmentFirstLine, shaping, points, errors);
        return tooLong;
    }

    private static void ParseSegment(ReadOnlySpan<byte> segment, int firstLine, LinePointShaping? shaping, List<LinePoint> points, List<LineProtocolError> errors)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        var before = errors.Count;
        LineProtocolParser.Parse(segment, TimestampPrecision.Nanoseconds, shaping, points, errors);
        for (var i = before; i < errors.Count; i++)
        {
            errors[i] = errors[i] with { LineNumber = errors[i].LineNumber + firstLine - 1 };
        }
    }

    private static KeyValuePair<string, string>[] WithIdentity(KeyValuePair<string, string>[] tags, string tenant, string host)
    {
        var kept = 0;
        foreach (var tag in tags)
        {
            kept += tag.Key is "tenant" or "host" ? 0 : 1;
        }

        var result = new KeyValuePair<string, string>[kept + 2];
        result[0] = new("tenant", tenant);
        result[1] = new("host", host);
        var next = 2;
        foreach (var tag in tags)
        {
            if (tag.Key is not ("tenant" or "host"))
            {
                result[next++] = tag;
            }
        }

        return result;
    }
}
