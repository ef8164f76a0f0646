using System.Net;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The time-series store on InfluxDB 2.x/3.x through InfluxDB.Client 5.1: the v2 write API (line protocol as
/// <see cref="InfluxLines"/> formats it, nanosecond precision, org and bucket, token authentication) and Flux queries
/// built by <see cref="Flux"/>. Writes are batched and retried as <see cref="InfluxDb1TimeSeriesStore"/>'s are: 5xx,
/// 429, time-outs and connection errors retried with back-off; a 400 or 422 (line error) logged and counted, not
/// retried; 401/403/404 and exhausted retries throw <see cref="InfluxDbException"/>.
/// Not tested against a real 2.x server here (none is packaged for the test machines); its Flux text has golden tests.
/// The rollup bucket and its job, when constructed with <see cref="RetentionOptions"/>: see
/// <c>InfluxDb2TimeSeriesStore.Rollup.cs</c>.
/// Source: InfluxDB 2.x documentation, "Write data with the InfluxDB API", "Query with the InfluxDB API".
/// </summary>
public sealed partial class InfluxDb2TimeSeriesStore : ITimeSeriesStore, IDisposable
{
    private static readonly HashSet<string> ReservedColumns = ["result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement"];

    /// <summary>Annotated CSV with a header, as <see cref="FluxCsv"/> reads it.</summary>
    private static readonly Dialect CsvDialect = new(
        header: true,
        delimiter: ",",
        annotations: [Dialect.AnnotationsEnum.Datatype, Dialect.AnnotationsEnum.Group, Dialect.AnnotationsEnum.Default],
        commentPrefix: "#",
        dateTimeFormat: Dialect.DateTimeFormatEnum.RFC3339Nano);

    private readonly InfluxDb2Options _options;
    private readonly SeriesRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxDb2TimeSeriesStore> _logger;
    private readonly InfluxDBClient _client;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>
    /// Creates the store from <c>Collector:Storage:InfluxDb2</c>; nothing is sent before <see cref="InitializeAsync"/>.
    /// With <paramref name="retention"/> enabled, 5-minute aggregates are kept in <see cref="InfluxDb2Options.RollupBucket"/>.
    /// </summary>
    public InfluxDb2TimeSeriesStore(
        IOptions<CollectorOptions> options,
        SeriesRegistry registry,
        TimeProvider timeProvider,
        ILogger<InfluxDb2TimeSeriesStore> logger,
        IOptions<RetentionOptions>? retention = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Storage.InfluxDb2;
        _retention = retention?.Value is { Enabled: true } enabled ? enabled : null;
        _rollupBucket = _options.RollupBucket ?? _options.Bucket + "_rollup_5m";
        _registry = registry;
        _time = timeProvider;
        _logger = logger;
        _client = new InfluxDBClient(new InfluxDBClientOptions(_options.Url)
        {
            Token = _options.Token,
            Org = _options.Org,
            Bucket = _options.Bucket,
            Timeout = _options.Timeout,
        });
    }

    /// <summary>What the writes did: requests, retries, refused points.</summary>
    public InfluxWriteStatistics Statistics { get; } = new();

    /// <summary>Loads the series index from the bucket (<see cref="Flux.LastOfEverySeries"/>).</summary>
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses the query.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_retention is not null)
        {
            await InitializeRollupAsync(_retention, cancellationToken);
        }

        long id = 1;
        foreach (var record in await QueryAsync(Flux.LastOfEverySeries(_options.Bucket!), cancellationToken))
        {
            var tags = Tags(record);
            if (tags.TryGetValue("tenant", out var tenant) && tags.TryGetValue("host", out var host) && record is { Measurement: { } measurement, Field: { } field })
            {
                _registry.Load(new SeriesInfo(id++, measurement, field, tenant, host, tags));
            }
        }

        if (_retention is not null)
        {
            await LoadRolledUpSeriesAsync(id, cancellationToken);
        }

        Log.Opened(_logger, _options.Url, _options.Org!, _options.Bucket!, _registry.Count);
    }

    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB stayed unreachable or refused the request as a whole.</exception>
    public async Task<int> WriteAsync(IReadOnlyList<LinePoint> points, CancellationToken cancellationToken)
    {
        InfluxLines.Validate(points);
        await _writeLock.WaitAsync(cancellationToken);
        var created = new List<(SeriesInfo Series, bool Numeric)>();
        try
        {
            // Series registered (or refused by Collector:Ingest:MaxSeriesPerHost) before the write, forgotten if it fails.
            var admitted = SeriesAdmission.Admit(_registry, points, created);
            var lines = admitted.Select(p => InfluxLines.Format(p).TrimEnd('\n')).ToArray();
            var write = _client.GetWriteApiAsync();
            foreach (var chunk in lines.Chunk(_options.BatchSize))
            {
                await InfluxWriteRetry.RunAsync(_options, _time, $"write of {chunk.Length} lines", async token =>
                {
                    try
                    {
                        await write.WriteRecordsAsync(chunk, WritePrecision.Ns, _options.Bucket, _options.Org, token);
                        Statistics.CountRequest();
                        return null;
                    }
                    catch (HttpException e) when (e.Status is 0 or 429 or >= 500)
                    {
                        // Status 0: the client wraps a refused connection or a time-out in an HttpException.
                        return $"HTTP {e.Status}: {e.Message}";
                    }
                    catch (HttpException e) when (e.Status is (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.UnprocessableEntity)
                    {
                        Statistics.CountRequest();
                        Statistics.CountRejected(chunk.Length);
                        Log.LinesRefused(_logger, chunk.Length, e.Message);
                        return null;
                    }
                    catch (HttpException e) when (e.Status > 0)
                    {
                        throw new InfluxDbException($"InfluxDB refused the write to bucket \"{_options.Bucket}\": HTTP {e.Status}: {e.Message}", e);
                    }
                }, (attempt, reason, delay) =>
                {
                    Statistics.CountRetry();
                    Log.Retrying(_logger, chunk.Length, attempt, reason, delay.TotalSeconds);
                }, cancellationToken);
            }

            NoteLatePoints(admitted);
            // Listed only now, with their first points written.
            foreach (var (series, _) in created)
            {
                _registry.Publish(series);
            }

            created.Clear();
            return InfluxLines.CountValues(admitted);
        }
        finally
        {
            foreach (var (series, _) in created)
            {
                _registry.Remove(series);
            }

            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host) => _registry.List(tenant, host);

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host, string measurement) => _registry.List(tenant, host, measurement);

    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses the query.</exception>
    public async Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matched = _registry.Match(query);
        if (matched.Count == 0)
        {
            return [];
        }

        var byTags = matched.ToDictionary(s => string.Join(",", s.Tags), StringComparer.Ordinal);
        if (_retention is not null)
        {
            var plan = await PlanAsync(query, cancellationToken);
            if (plan.ReadsAggregates)
            {
                return await QueryWithAggregatesAsync(query, matched, byTags, plan, cancellationToken);
            }
        }

        var points = matched.ToDictionary(s => s.Id, _ => new List<(long, double)>());
        foreach (var record in await QueryAsync(Flux.Select(_options.Bucket!, query), cancellationToken))
        {
            if (byTags.TryGetValue(string.Join(",", Tags(record)), out var info) && record.Time is { } time && record.Value is IConvertible value and not string)
            {
                points[info.Id].Add((time, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        foreach (var list in points.Values)
        {
            list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        }

        // Flux's window starts are clipped to the range already; labelled again as every store labels its steps.
        var from = StepBuckets.ReadFrom(query);
        return matched.Select(s =>
        {
            var labelled = StepBuckets.Labelled(points[s.Id], query.StepNs, from);
            return new SeriesPoints(s, query.Aggregation == Aggregation.Rate ? CounterRates.Compute(labelled, query.FromNs) : labelled);
        }).ToList();
    }

    /// <summary>Nothing to do: InfluxDB has every accepted point.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Closes the client.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>
    /// Runs a Flux query and reads its annotated CSV with <see cref="FluxCsv"/> (InfluxDB.Client's own parser fails in
    /// this process: see there).
    /// </summary>
    private async Task<List<FluxCsvRecord>> QueryAsync(string flux, CancellationToken cancellationToken)
    {
        try
        {
            return FluxCsv.Parse(await _client.GetQueryApi().QueryRawAsync(flux, CsvDialect, _options.Org, cancellationToken));
        }
        catch (HttpException e)
        {
            throw new InfluxDbException($"InfluxDB query failed: HTTP {e.Status}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxDbException($"InfluxDB query failed: {e.Message}", e);
        }
    }

    private static SortedDictionary<string, string> Tags(FluxCsvRecord record)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in record.Values)
        {
            if (!ReservedColumns.Contains(key) && value is string { Length: > 0 } text)
            {
                tags[key] = text;
            }
        }

        return tags;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Time-series store InfluxDB 2.x {Url} org {Org} bucket {Bucket} opened with {SeriesCount} series")]
        public static partial void Opened(ILogger logger, string url, string org, string bucket, int seriesCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "InfluxDB refused a write of {Lines} lines (not retried): {Error}")]
        public static partial void LinesRefused(ILogger logger, int lines, string error);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "InfluxDB write of {Lines} lines failed at attempt {Attempt}, retrying in {DelaySeconds} s: {Reason}")]
        public static partial void Retrying(ILogger logger, int lines, int attempt, string reason, double delaySeconds);
    }
}
