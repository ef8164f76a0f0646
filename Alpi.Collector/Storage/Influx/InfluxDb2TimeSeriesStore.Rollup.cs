using System.Globalization;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Retention and downsampling on InfluxDB 2.x, when the store is constructed with <see cref="RetentionOptions"/> enabled:
/// the InfluxDB 1.x design (<c>InfluxDb1TimeSeriesStore.Rollup.cs</c>) with buckets for retention policies and Flux for
/// InfluxQL. At start the rollup bucket (<see cref="InfluxDb2Options.RollupBucket"/>) is created when missing in the raw
/// bucket's organisation, with <c>RollupRetentionDays</c> as its retention; the raw bucket is the operator's: its
/// retention is read (for queries) and a difference from <c>RawRetentionDays</c> is logged, never changed.
/// <see cref="RunRollupAsync"/> runs <see cref="FluxRollup.Rollup"/> (<c>aggregateWindow |&gt; to()</c>) one hour at a
/// time from the watermark, then writes the watermark (<c>alpi_rollup watermark=…i</c>) to the rollup bucket.
/// The token needs read and write access to both buckets, and to create the rollup bucket, to the organisation's buckets.
/// Not tested against a real 2.x server here (none is packaged for this machine): its Flux has golden tests.
/// </summary>
public sealed partial class InfluxDb2TimeSeriesStore : IRollupMaintenance
{
    private const long PartNs = 3600L * 1_000_000_000;
    private static readonly TimeSpan WatermarkRefresh = TimeSpan.FromMinutes(1);

    private readonly RetentionOptions? _retention;
    private readonly string _rollupBucket;
    private long _rolledUpBefore = long.MinValue;
    private long _rawRetentionNs;
    private long _lateFrom = long.MaxValue;
    private long _watermarkReadAt = long.MinValue;

    /// <summary>Every 5-minute bucket before this instant is rolled up, as last read or written (<see cref="long.MinValue"/>: none).</summary>
    public long RolledUpBeforeNs => Volatile.Read(ref _rolledUpBefore);

    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses a query or write.</exception>
    public async Task<RollupRun> RunRollupAsync(DateTimeOffset now, RetentionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_retention is null)
        {
            return new RollupRun(long.MinValue, 0, 0, 0);
        }

        var nowNs = RollupBuckets.ToNs(now);
        var end = RollupBuckets.Floor(nowNs - (options.Delay.Ticks * 100));
        var rawFloor = _rawRetentionNs > 0 ? RollupBuckets.Ceiling(nowNs - _rawRetentionNs) : long.MinValue;
        await ReadWatermarkAsync(cancellationToken);
        var late = Interlocked.Exchange(ref _lateFrom, long.MaxValue);
        long written = 0;
        try
        {
            var start = RolledUpBeforeNs;
            if (start == long.MinValue)
            {
                var earliest = (await QueryAsync(FluxRollup.EarliestPoint(_options.Bucket!), cancellationToken)).Select(r => r.Time).FirstOrDefault(t => t is not null);
                start = earliest is { } time ? RollupBuckets.Floor(time) : end;
            }

            if (late != long.MaxValue)
            {
                start = Math.Min(start, RollupBuckets.Floor(late));
            }

            start = Math.Max(start, rawFloor);
            for (var from = start; from < end;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var partEnd = Math.Min(end, from + PartNs);
                written += (await QueryAsync(FluxRollup.Rollup(_options.Bucket!, _rollupBucket, _options.Org!, from, partEnd), cancellationToken)).Count;
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
                NoteLate(late);
            }
        }

        return new RollupRun(RolledUpBeforeNs, written, 0, 0);
    }

    /// <summary>Creates the rollup bucket when missing, reads the raw bucket's retention and the watermark.</summary>
    private async Task InitializeRollupAsync(RetentionOptions retention, CancellationToken cancellationToken)
    {
        var buckets = _client.GetBucketsApi();
        try
        {
            var raw = await buckets.FindBucketByNameAsync(_options.Bucket, cancellationToken)
                ?? throw new InfluxDbException($"InfluxDB has no bucket \"{_options.Bucket}\" (Collector:Storage:InfluxDb2:Bucket)");
            _rawRetentionNs = (raw.RetentionRules?.FirstOrDefault()?.EverySeconds ?? 0) * 1_000_000_000;
            if (_rawRetentionNs != TimeSpan.FromDays(retention.RawRetentionDays).Ticks * 100)
            {
                Log.RawRetentionDiffers(_logger, _options.Bucket!, _rawRetentionNs == 0 ? "infinite" : TimeSpan.FromTicks(_rawRetentionNs / 100).ToString(), retention.RawRetentionDays);
            }

            if (await buckets.FindBucketByNameAsync(_rollupBucket, cancellationToken) is null)
            {
                var rules = new BucketRetentionRules(BucketRetentionRules.TypeEnum.Expire, (long)TimeSpan.FromDays(retention.RollupRetentionDays).TotalSeconds);
                await buckets.CreateBucketAsync(_rollupBucket, rules, raw.OrgID, cancellationToken);
                Log.RollupBucketCreated(_logger, _rollupBucket, retention.RollupRetentionDays);
            }
        }
        catch (HttpException e)
        {
            throw new InfluxDbException($"InfluxDB refused the bucket lookup or creation: HTTP {e.Status}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxDbException($"InfluxDB bucket lookup failed: {e.Message}", e);
        }

        await ReadWatermarkAsync(cancellationToken);
    }

    /// <summary>Adds to the series index the series only the rollup bucket still holds (fields <c>last_&lt;field&gt;</c>).</summary>
    private async Task LoadRolledUpSeriesAsync(long id, CancellationToken cancellationToken)
    {
        var known = _registry.List(null, null).Select(s => s.Measurement + "\u001d" + s.Field + "\u001d" + string.Join(",", s.Tags)).ToHashSet(StringComparer.Ordinal);
        foreach (var record in await QueryAsync(Flux.LastOfEverySeries(_rollupBucket), cancellationToken))
        {
            var tags = Tags(record);
            if (record is { Field: { } column, Measurement: { } measurement } && column.StartsWith("last_", StringComparison.Ordinal)
                && tags.TryGetValue("tenant", out var tenant) && tags.TryGetValue("host", out var host)
                && known.Add(measurement + "\u001d" + column["last_".Length..] + "\u001d" + string.Join(",", tags)))
            {
                _registry.Load(new SeriesInfo(id++, measurement, column["last_".Length..], tenant, host, tags));
            }
        }
    }

    private void NoteLatePoints(IReadOnlyList<LinePoint> points)
    {
        if (_retention is null || RolledUpBeforeNs == long.MinValue)
        {
            return;
        }

        var earliest = points.Min(p => p.Timestamp!.Value);
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

    private async Task<RollupPlan> PlanAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        var readAt = Volatile.Read(ref _watermarkReadAt);
        if (readAt == long.MinValue || _time.GetElapsedTime(readAt) > WatermarkRefresh)
        {
            await ReadWatermarkAsync(cancellationToken);
        }

        var nowNs = RollupBuckets.ToNs(_time.GetUtcNow());
        return RollupPlan.For(query, RolledUpBeforeNs, _rawRetentionNs > 0 ? RollupBuckets.Ceiling(nowNs - _rawRetentionNs) : long.MinValue);
    }

    private async Task<IReadOnlyList<SeriesPoints>> QueryWithAggregatesAsync(
        SeriesQuery query, IReadOnlyList<SeriesInfo> matched, Dictionary<string, SeriesInfo> byTags, RollupPlan plan, CancellationToken cancellationToken)
    {
        var aggregates = ReadPartials(matched, byTags, await QueryAsync(FluxRollup.AggregatePart(_rollupBucket, query, plan), cancellationToken));
        var raw = plan.ReadsRaw
            ? ReadPartials(matched, byTags, await QueryAsync(FluxRollup.RawPart(_options.Bucket!, query, plan), cancellationToken))
            : matched.ToDictionary(s => s.Id, _ => new List<(long, PartialAggregate)>());
        return matched.Select(s => new SeriesPoints(s, plan.Merge(aggregates[s.Id], raw[s.Id], query.Aggregation, query.FromNs))).ToList();
    }

    /// <summary>The partials of a part's tables (one per component, named by <c>_field</c>), per series and step; incomplete steps are skipped.</summary>
    private static Dictionary<long, List<(long, PartialAggregate)>> ReadPartials(IReadOnlyList<SeriesInfo> matched, Dictionary<string, SeriesInfo> byTags, List<FluxCsvRecord> records)
    {
        var components = matched.ToDictionary(s => s.Id, _ => new SortedDictionary<long, double?[]>());
        foreach (var record in records)
        {
            var index = record.Field switch { "count" => 0, "sum" => 1, "min" => 2, "max" => 3, "last" => 4, _ => -1 };
            if (index < 0 || !byTags.TryGetValue(string.Join(",", Tags(record)), out var info) || record.Time is not { } ns
                || record.Value is not IConvertible value || value is string)
            {
                continue;
            }

            var steps = components[info.Id];
            if (!steps.TryGetValue(ns, out var parts))
            {
                steps[ns] = parts = new double?[5];
            }

            parts[index] = value.ToDouble(CultureInfo.InvariantCulture);
        }

        return components.ToDictionary(c => c.Key, c => c.Value
            .Where(s => s.Value.All(v => v is not null))
            .Select(s => (s.Key, new PartialAggregate((long)s.Value[0]!.Value, s.Value[1]!.Value, s.Value[2]!.Value, s.Value[3]!.Value, s.Value[4]!.Value)))
            .ToList());
    }

    private async Task ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await QueryAsync(FluxRollup.Watermark(_rollupBucket), cancellationToken))
        {
            if (record.Value is IConvertible value and not string && value.ToInt64(CultureInfo.InvariantCulture) is var watermark && watermark > RolledUpBeforeNs)
            {
                Volatile.Write(ref _rolledUpBefore, watermark);
            }
        }

        Volatile.Write(ref _watermarkReadAt, _time.GetTimestamp());
    }

    private async Task WriteWatermarkAsync(long watermarkNs, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetWriteApiAsync().WriteRecordAsync(InfluxQlRollup.WatermarkLine(watermarkNs).TrimEnd('\n'), WritePrecision.Ns, _rollupBucket, _options.Org, cancellationToken);
        }
        catch (HttpException e)
        {
            throw new InfluxDbException($"InfluxDB refused the rollup watermark: HTTP {e.Status}: {e.Message}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Created the rollup bucket {Bucket} with a retention of {Days} days")]
        public static partial void RollupBucketCreated(ILogger logger, string bucket, int days);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The bucket {Bucket} keeps points {Retention}, not the {Days} days configured (Collector:Storage:Retention:RawRetentionDays): left as it is, change the bucket's retention to match")]
        public static partial void RawRetentionDiffers(ILogger logger, string bucket, string retention, int days);
    }
}
