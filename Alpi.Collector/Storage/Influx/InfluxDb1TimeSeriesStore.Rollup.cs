using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Retention and downsampling on InfluxDB 1.x, when the store is constructed with <see cref="RetentionOptions"/> enabled.
/// <para>
/// At start, two retention policies are created when missing: the raw one (<see cref="InfluxDb1Options.RetentionPolicy"/>,
/// default <c>alpi_raw</c>, <c>DURATION RawRetentionDays</c>) that points are written to, and the rollup one
/// (<see cref="InfluxDb1Options.RollupRetentionPolicy"/>, default <c>rollup_5m</c>, <c>DURATION RollupRetentionDays</c>).
/// An existing policy is left as it is (a different duration is logged): InfluxDB itself expires points past a policy's
/// duration, whole shard groups at a time, so the collector deletes nothing.
/// </para>
/// <para>
/// The rollup is a scheduled <c>SELECT count(*), sum(*), min(*), max(*), last(*) INTO … GROUP BY time(5m), *</c>
/// (<see cref="InfluxQlRollup.Rollup"/>), run by <see cref="RollupJob"/>, rather than a continuous query: a continuous
/// query only covers the intervals while influxd runs with continuous queries enabled and never catches up a gap, while
/// the job resumes from its watermark after any outage of either side, rolls up again the buckets that received late
/// points, runs once across a cluster with Quartz's clustered store, and works alike on InfluxDB 2.x (a Flux task there).
/// The watermark is the <c>watermark</c> field of <c>alpi_rollup</c> in the rollup policy, written after each hour
/// rolled up; re-running a range overwrites the same points, so a run repeated after a crash writes nothing twice.
/// Late points (older than the watermark) noted by this collector's writes make the next run start at their bucket.
/// </para>
/// <para>
/// Queries (<see cref="RollupPlan"/>) read the rollup policy before the watermark when the step is 5 minutes or more,
/// and where the raw policy no longer keeps points (older than its duration) otherwise; the watermark is read again at
/// most once a minute, so that a collector sees another one's rollups.
/// </para>
/// </summary>
public sealed partial class InfluxDb1TimeSeriesStore : IRollupMaintenance
{
    /// <summary>The raw retention policy when retention is enabled and <see cref="InfluxDb1Options.RetentionPolicy"/> is not set.</summary>
    public const string DefaultRawRetentionPolicy = "alpi_raw";

    /// <summary>Most raw time rolled up by one statement: 1 hour (12 buckets).</summary>
    private const long PartNs = 3600L * 1_000_000_000;

    private static readonly TimeSpan WatermarkRefresh = TimeSpan.FromMinutes(1);

    private readonly RetentionOptions? _retention;
    private readonly string? _rawPolicy;
    private long _rolledUpBefore = long.MinValue;
    private long _rawDurationNs;
    private long _lateFrom = long.MaxValue;
    private long _watermarkReadAt = long.MinValue;

    /// <summary>Every 5-minute bucket before this instant is rolled up, as last read or written (<see cref="long.MinValue"/>: none).</summary>
    public long RolledUpBeforeNs => Volatile.Read(ref _rolledUpBefore);

    /// <summary>The retention policy raw points are written to, or null for the database's default.</summary>
    public string? RawRetentionPolicy => _rawPolicy;

    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses a statement.</exception>
    public async Task<RollupRun> RunRollupAsync(DateTimeOffset now, RetentionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_retention is null)
        {
            return new RollupRun(long.MinValue, 0, 0, 0);
        }

        var rawPolicy = _rawPolicy!;
        var nowNs = RollupBuckets.ToNs(now);
        var end = RollupBuckets.Floor(nowNs - (options.Delay.Ticks * 100));
        var rawFloor = _rawDurationNs > 0 ? RollupBuckets.Ceiling(nowNs - _rawDurationNs) : long.MinValue;
        await ReadWatermarkAsync(cancellationToken); // another collector may have moved it
        var late = Interlocked.Exchange(ref _lateFrom, long.MaxValue);
        long written = 0;
        try
        {
            var start = RolledUpBeforeNs;
            if (start == long.MinValue)
            {
                start = await EarliestRawBucketAsync(rawPolicy, cancellationToken) ?? end;
            }

            if (late != long.MaxValue)
            {
                start = Math.Min(start, RollupBuckets.Floor(late));
            }

            // Never below what the raw policy still keeps whole: rolling up a bucket partly expired would overwrite its aggregates.
            start = Math.Max(start, rawFloor);
            for (var from = start; from < end;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var partEnd = Math.Min(end, from + PartNs);
                var result = await QueryWithRetryAsync(InfluxQlRollup.Rollup(rawPolicy, _options.RollupRetentionPolicy, from, partEnd), cancellationToken);
                foreach (var series in Series(result))
                {
                    written += series.GetProperty("values")[0][1].GetInt64();
                }

                if (partEnd > RolledUpBeforeNs)
                {
                    await WriteWatermarkAsync(partEnd, cancellationToken);
                    Volatile.Write(ref _rolledUpBefore, partEnd);
                }

                from = partEnd;
            }

            late = long.MaxValue;
        }
        finally
        {
            if (late != long.MaxValue)
            {
                NoteLate(late); // not rolled up again: the next run tries
            }
        }

        return new RollupRun(RolledUpBeforeNs, written, 0, 0);
    }

    /// <summary>Creates the retention policies when missing, reads the raw policy's duration and the watermark.</summary>
    private async Task InitializeRollupAsync(RetentionOptions retention, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var series in Series(await QueryWithRetryAsync("SHOW RETENTION POLICIES ON " + InfluxQl.Identifier(_options.Database), cancellationToken)))
        {
            foreach (var row in series.GetProperty("values").EnumerateArray())
            {
                existing[row[0].GetString()!] = ParseDuration(row[1].GetString()!);
            }
        }

        foreach (var (policy, days) in new[] { (_rawPolicy!, retention.RawRetentionDays), (_options.RollupRetentionPolicy, retention.RollupRetentionDays) })
        {
            var wanted = TimeSpan.FromDays(days).Ticks * 100;
            if (!existing.TryGetValue(policy, out var duration))
            {
                await QueryWithRetryAsync(InfluxQlRollup.CreateRetentionPolicy(policy, _options.Database, days), cancellationToken);
                existing[policy] = wanted;
                Log.PolicyCreated(_logger, policy, _options.Database, days);
            }
            else if (duration != wanted)
            {
                Log.PolicyDurationDiffers(_logger, policy, _options.Database, duration == 0 ? "infinite" : TimeSpan.FromTicks(duration / 100).ToString(), days);
            }
        }

        _rawDurationNs = existing[_rawPolicy!];
        await ReadWatermarkAsync(cancellationToken);
    }

    /// <summary>
    /// Adds to the series index the series only the rollup policy still holds (raw points expired): the fields of
    /// <c>SELECT last(*) FROM "rollup"."m" GROUP BY *</c> named <c>last_last_&lt;field&gt;</c>.
    /// </summary>
    /// <returns>The next free series id.</returns>
    private async Task<long> LoadRolledUpSeriesAsync(List<string> measurements, long id, CancellationToken cancellationToken)
    {
        const string prefix = "last_last_";
        var known = _registry.List(null, null).Select(s => SeriesKey(s.Measurement, s.Tags, s.Field)).ToHashSet(StringComparer.Ordinal);
        foreach (var measurement in measurements)
        {
            if (measurement == InfluxQlRollup.StateMeasurement)
            {
                continue;
            }

            var result = await QueryWithRetryAsync(InfluxQl.LastOfEverySeries(_options.RollupRetentionPolicy, measurement), cancellationToken);
            foreach (var series in Series(result))
            {
                var tags = Tags(series);
                if (!tags.TryGetValue("tenant", out var tenant) || !tags.TryGetValue("host", out var host))
                {
                    continue;
                }

                var columns = series.GetProperty("columns");
                var row = series.GetProperty("values")[0];
                for (var i = 1; i < columns.GetArrayLength(); i++)
                {
                    var column = columns[i].GetString()!;
                    if (!column.StartsWith(prefix, StringComparison.Ordinal) || row[i].ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    var field = column[prefix.Length..];
                    if (!known.Add(SeriesKey(measurement, tags, field)))
                    {
                        continue;
                    }

                    var info = new SeriesInfo(id++, measurement, field, tenant, host, tags);
                    _registry.Load(info);
                    if (row[i].ValueKind == JsonValueKind.String)
                    {
                        lock (_stringSeriesLock)
                        {
                            _stringSeries.Add(info.Id);
                        }
                    }
                }
            }
        }

        return id;
    }

    /// <summary>Notes the earliest point of a successful write when it falls in a bucket already rolled up.</summary>
    private void NoteLatePoints(IReadOnlyList<LinePoint> points)
    {
        if (_retention is null || RolledUpBeforeNs == long.MinValue)
        {
            return;
        }

        var earliest = long.MaxValue;
        foreach (var point in points)
        {
            earliest = Math.Min(earliest, point.Timestamp!.Value);
        }

        if (earliest < RolledUpBeforeNs)
        {
            NoteLate(earliest);
        }
    }

    private void NoteLate(long ns)
    {
        var current = Volatile.Read(ref _lateFrom);
        while (ns < current)
        {
            var seen = Interlocked.CompareExchange(ref _lateFrom, ns, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The plan of a query, with the watermark read again when older than a minute.</summary>
    private async Task<RollupPlan> PlanAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        var readAt = Volatile.Read(ref _watermarkReadAt);
        if (readAt == long.MinValue || _time.GetElapsedTime(readAt) > WatermarkRefresh)
        {
            await ReadWatermarkAsync(cancellationToken);
        }

        var nowNs = RollupBuckets.ToNs(_time.GetUtcNow());
        var rawKeptFrom = _rawDurationNs > 0 ? RollupBuckets.Ceiling(nowNs - _rawDurationNs) : long.MinValue;
        return RollupPlan.For(query, RolledUpBeforeNs, rawKeptFrom);
    }

    private async Task<IReadOnlyList<SeriesPoints>> QueryWithAggregatesAsync(
        SeriesQuery query, IReadOnlyList<SeriesInfo> matched, Dictionary<string, SeriesInfo> byKey, RollupPlan plan, CancellationToken cancellationToken)
    {
        var aggregates = matched.ToDictionary(s => s.Id, _ => new List<(long, PartialAggregate)>());
        var raw = matched.ToDictionary(s => s.Id, _ => new List<(long, PartialAggregate)>());
        ReadPartials(query, byKey, aggregates, await QueryWithTimeoutAsync(InfluxQlRollup.AggregatePart(_options.RollupRetentionPolicy, query, plan), cancellationToken));
        if (plan.ReadsRaw)
        {
            ReadPartials(query, byKey, raw, await QueryWithTimeoutAsync(InfluxQlRollup.RawPart(_rawPolicy!, query, plan), cancellationToken));
        }

        return matched.Select(s => new SeriesPoints(s, plan.Merge(aggregates[s.Id], raw[s.Id], query.Aggregation, query.FromNs))).ToList();
    }

    /// <summary>Rows <c>[time, count, sum, min, max, last]</c> of a partial statement, per series; rows with a non-numeric column are skipped.</summary>
    private static void ReadPartials(SeriesQuery query, Dictionary<string, SeriesInfo> byKey, Dictionary<long, List<(long, PartialAggregate)>> into, JsonElement result)
    {
        foreach (var series in Series(result))
        {
            if (!byKey.TryGetValue(SeriesKey(query.Measurement, Tags(series), query.Field), out var info))
            {
                continue;
            }

            foreach (var row in series.GetProperty("values").EnumerateArray())
            {
                if (row[1].ValueKind == JsonValueKind.Number && row[2].ValueKind == JsonValueKind.Number && row[3].ValueKind == JsonValueKind.Number
                    && row[4].ValueKind == JsonValueKind.Number && row[5].ValueKind == JsonValueKind.Number)
                {
                    into[info.Id].Add((row[0].GetInt64(), new PartialAggregate(
                        (long)row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble(), row[4].GetDouble(), row[5].GetDouble())));
                }
            }
        }
    }

    private async Task ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        var result = await QueryWithTimeoutAsync(InfluxQlRollup.Watermark(_options.RollupRetentionPolicy), cancellationToken);
        foreach (var series in Series(result))
        {
            var watermark = series.GetProperty("values")[0][1].GetInt64();
            if (watermark > RolledUpBeforeNs)
            {
                Volatile.Write(ref _rolledUpBefore, watermark);
            }
        }

        Volatile.Write(ref _watermarkReadAt, _time.GetTimestamp());
    }

    private async Task WriteWatermarkAsync(long watermarkNs, CancellationToken cancellationToken)
    {
        var path = "write?db=" + Uri.EscapeDataString(_options.Database) + "&rp=" + Uri.EscapeDataString(_options.RollupRetentionPolicy) + "&precision=ns";
        await InfluxWriteRetry.RunAsync(_options, _time, "write of the rollup watermark", async token =>
        {
            using var content = new StringContent(InfluxQlRollup.WatermarkLine(watermarkNs), Encoding.UTF8, "text/plain");
            using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var error = await ErrorAsync(response, token);
            return (int)response.StatusCode >= 500
                ? $"HTTP {(int)response.StatusCode}: {error}"
                : throw new InfluxDbException($"InfluxDB refused the rollup watermark: HTTP {(int)response.StatusCode}: {error}");
        }, (attempt, reason, delay) => Log.Retrying(_logger, 1, attempt, reason, delay.TotalSeconds), cancellationToken);
    }

    /// <summary>The bucket of the earliest raw point of any measurement, or null when the policy holds none.</summary>
    private async Task<long?> EarliestRawBucketAsync(string rawPolicy, CancellationToken cancellationToken)
    {
        long? earliest = null;
        foreach (var series in Series(await QueryWithRetryAsync(InfluxQlRollup.EarliestPoints(rawPolicy), cancellationToken)))
        {
            var time = series.GetProperty("values")[0][0].GetInt64();
            earliest = earliest is null ? time : Math.Min(earliest.Value, time);
        }

        return earliest is null ? null : RollupBuckets.Floor(earliest.Value);
    }

    /// <summary>
    /// A duration as <c>SHOW RETENTION POLICIES</c> prints it (Go's <c>time.Duration</c>: <c>720h0m0s</c>, <c>0s</c> for
    /// infinite), in nanoseconds.
    /// </summary>
    internal static long ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long total = 0;
        var number = 0L;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (c - '0');
                continue;
            }

            var unit = c switch
            {
                'h' => 3600L * 1_000_000_000,
                'm' when i + 1 < text.Length && text[i + 1] == 's' => 1_000_000L,
                'm' => 60L * 1_000_000_000,
                's' => 1_000_000_000L,
                _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unexpected '{c}' in the duration \"{text}\"")),
            };
            if (unit == 1_000_000L)
            {
                i++; // "ms"
            }

            total += number * unit;
            number = 0;
        }

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Created the retention policy {Policy} on {Database} with a duration of {Days} days")]
        public static partial void PolicyCreated(ILogger logger, string policy, string database, int days);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The retention policy {Policy} on {Database} keeps points {Duration}, not the {Days} days configured: left as it is (ALTER RETENTION POLICY to change it)")]
        public static partial void PolicyDurationDiffers(ILogger logger, string policy, string database, string duration, int days);
    }
}
