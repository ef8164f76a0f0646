using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The time-series store on InfluxDB 1.x through its HTTP API: <c>POST /write?db=&amp;rp=&amp;precision=ns</c> with line
/// protocol (numeric fields as floats, see <see cref="InfluxLines"/>) and <c>POST /query</c> with InfluxQL built by
/// <see cref="InfluxQl"/> (<c>epoch=ns</c>), HTTP basic authentication when a user is configured.
/// <para>
/// Writes go in requests of at most <see cref="InfluxWriteOptions.BatchSize"/> lines, each retried with back-off on
/// 5xx answers, time-outs and refused connections (<see cref="InfluxWriteRetry"/>); a 400 answer is a line error
/// (InfluxDB 1.x writes the other lines and answers <c>partial write: … dropped=N</c>): the refused lines are
/// logged and counted in <see cref="Statistics"/>, never retried, and the write completes. Any other 4xx (401, 403,
/// 404 "database not found", 413) and exhausted retries throw <see cref="InfluxDbException"/>: nothing is
/// acknowledged and the ingest writer retries the batch later (InfluxDB overwrites a point written twice with the
/// same series and timestamp, so a retried request stores nothing twice).
/// </para>
/// <para>
/// The series index (<see cref="SeriesRegistry"/>) is loaded at start with <c>SHOW MEASUREMENTS</c> and
/// <c>SELECT last(*) … GROUP BY *</c>, and grows as points are written; series ids are this process's own.
/// Retention policies and 5-minute aggregates (when constructed with <see cref="RetentionOptions"/>): see
/// <c>InfluxDb1TimeSeriesStore.Rollup.cs</c>.
/// Source: InfluxDB 1.x documentation, "InfluxDB HTTP API reference" (/write, /query, /ping, errors).
/// </para>
/// </summary>
public sealed partial class InfluxDb1TimeSeriesStore : ITimeSeriesStore, IDisposable
{
    private readonly InfluxDb1Options _options;
    private readonly SeriesRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxDb1TimeSeriesStore> _logger;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HashSet<long> _stringSeries = [];
    private readonly Lock _stringSeriesLock = new();
    private readonly string _writePath;

    /// <summary>
    /// Creates the store from <c>Collector:Storage:InfluxDb1</c>; nothing is sent before <see cref="InitializeAsync"/>.
    /// With <paramref name="retention"/> enabled, points are written to and read from the raw retention policy
    /// (<see cref="InfluxDb1Options.RetentionPolicy"/>, <c>alpi_raw</c> when not set) and aggregates are kept in
    /// <see cref="InfluxDb1Options.RollupRetentionPolicy"/>; without, the configured policy (or the database's default)
    /// keeps raw points only.
    /// </summary>
    public InfluxDb1TimeSeriesStore(
        IOptions<CollectorOptions> options,
        SeriesRegistry registry,
        TimeProvider timeProvider,
        ILogger<InfluxDb1TimeSeriesStore> logger,
        IOptions<RetentionOptions>? retention = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Storage.InfluxDb1;
        _retention = retention?.Value is { Enabled: true } enabled ? enabled : null;
        _rawPolicy = _retention is null ? _options.RetentionPolicy : _options.RetentionPolicy ?? DefaultRawRetentionPolicy;
        _registry = registry;
        _time = timeProvider;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(_options.Url.EndsWith('/') ? _options.Url : _options.Url + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // one time-out per attempt, in InfluxWriteRetry
        };
        if (!string.IsNullOrEmpty(_options.Username))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}")));
        }

        _writePath = "write?db=" + Uri.EscapeDataString(_options.Database)
            + (_rawPolicy is null ? "" : "&rp=" + Uri.EscapeDataString(_rawPolicy))
            + "&precision=ns";
    }

    /// <summary>What the writes did: requests, retries, refused points.</summary>
    public InfluxWriteStatistics Statistics { get; } = new();

    /// <summary>
    /// Creates the database when configured (<c>CREATE DATABASE</c>, idempotent) and loads the series index. Waits for
    /// an unreachable server as writes do (<see cref="InfluxWriteOptions.MaxAttempts"/>).
    /// </summary>
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses the statements.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_options.CreateDatabase)
        {
            await QueryWithRetryAsync("CREATE DATABASE " + InfluxQl.Identifier(_options.Database), cancellationToken);
        }

        if (_retention is not null)
        {
            await InitializeRollupAsync(_retention, cancellationToken);
        }

        var measurements = await QueryWithRetryAsync("SHOW MEASUREMENTS", cancellationToken);
        var names = new List<string>();
        foreach (var series in Series(measurements))
        {
            foreach (var row in series.GetProperty("values").EnumerateArray())
            {
                names.Add(row[0].GetString()!);
            }
        }

        long id = 1;
        foreach (var measurement in names)
        {
            var result = await QueryWithRetryAsync(InfluxQl.LastOfEverySeries(_rawPolicy, measurement), cancellationToken);
            foreach (var series in Series(result))
            {
                var tags = Tags(series);
                if (!tags.TryGetValue("tenant", out var tenant) || !tags.TryGetValue("host", out var host))
                {
                    continue; // not written by a collector
                }

                var columns = series.GetProperty("columns");
                var row = series.GetProperty("values")[0];
                for (var i = 1; i < columns.GetArrayLength(); i++)
                {
                    var value = row[i];
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    var field = columns[i].GetString()!["last_".Length..];
                    var info = new SeriesInfo(id++, measurement, field, tenant, host, tags);
                    _registry.Load(info);
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        lock (_stringSeriesLock)
                        {
                            _stringSeries.Add(info.Id);
                        }
                    }
                }
            }
        }

        if (_retention is not null)
        {
            id = await LoadRolledUpSeriesAsync(names, id, cancellationToken);
        }

        Log.Opened(_logger, _options.Url, _options.Database, _rawPolicy ?? "(default)", _registry.Count);
    }

    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB stayed unreachable or refused the request as a whole: nothing may be taken as stored.</exception>
    public async Task<int> WriteAsync(IReadOnlyList<LinePoint> points, CancellationToken cancellationToken)
    {
        InfluxLines.Validate(points);
        await _writeLock.WaitAsync(cancellationToken);
        var created = new List<(SeriesInfo Series, bool Numeric)>();
        try
        {
            // Series registered (or refused by Collector:Ingest:MaxSeriesPerHost) before the write; forgotten again below
            // if it fails, so that a failed write leaves no series behind.
            var admitted = SeriesAdmission.Admit(_registry, points, created);

            // Every line formatted before any is sent: a point that cannot be written rejects the batch untouched.
            var lines = new string[admitted.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = InfluxLines.Format(admitted[i]);
            }

            for (var start = 0; start < lines.Length; start += _options.BatchSize)
            {
                var count = Math.Min(_options.BatchSize, lines.Length - start);
                await WriteChunkAsync(string.Concat(lines.AsSpan(start, count)), count, cancellationToken);
            }

            NoteLatePoints(admitted);
            lock (_stringSeriesLock)
            {
                foreach (var (series, numeric) in created)
                {
                    if (!numeric)
                    {
                        _stringSeries.Add(series.Id);
                    }
                }
            }

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
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached (one attempt, within the time-out) or refuses the statement.</exception>
    public async Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matched = _registry.Match(query);
        if (matched.Count == 0)
        {
            return [];
        }

        bool allStrings;
        lock (_stringSeriesLock)
        {
            allStrings = matched.All(s => _stringSeries.Contains(s.Id));
        }

        if (allStrings)
        {
            return matched.Select(s => new SeriesPoints(s, [])).ToList(); // string values are not returned
        }

        var byKey = matched.ToDictionary(s => SeriesKey(s.Measurement, s.Tags, s.Field), StringComparer.Ordinal);
        if (_retention is not null)
        {
            var plan = await PlanAsync(query, cancellationToken);
            if (plan.ReadsAggregates)
            {
                return await QueryWithAggregatesAsync(query, matched, byKey, plan, cancellationToken);
            }
        }

        var points = matched.ToDictionary(s => s.Id, _ => new List<(long, double)>());
        var result = await QueryWithTimeoutAsync(InfluxQl.Select(_rawPolicy, query), cancellationToken);
        foreach (var series in Series(result))
        {
            if (!byKey.TryGetValue(SeriesKey(query.Measurement, Tags(series), query.Field), out var info))
            {
                continue; // a series this process has not seen written (another collector's): not in the index
            }

            var list = points[info.Id];
            foreach (var row in series.GetProperty("values").EnumerateArray())
            {
                if (row[1].ValueKind == JsonValueKind.Number)
                {
                    list.Add((row[0].GetInt64(), row[1].GetDouble()));
                }
            }
        }

        return matched.Select(s => new SeriesPoints(s, Steps(query, points[s.Id]))).ToList();
    }

    /// <inheritdoc />
    /// <remarks>
    /// One InfluxQL statement for every field (<see cref="InfluxQl.Select(string?, SeriesQuery, IReadOnlyList{string})"/>)
    /// when the query reads raw points; one <see cref="QueryAsync"/> per field, one after the other, when it reads the
    /// rollup policy (steps of 5 minutes or more, or ranges older than the raw policy keeps).
    /// </remarks>
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached (one attempt, within the time-out) or refuses the statement.</exception>
    public async Task<IReadOnlyList<SeriesPoints>> QueryFieldsAsync(SeriesQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        SeriesQuery.CheckFields(fields);
        var matched = query.MatchFields(_registry, fields);
        if (matched.Count == 0)
        {
            return [];
        }

        if (_retention is not null && (await PlanAsync(query, cancellationToken)).ReadsAggregates)
        {
            return await ITimeSeriesStore.QueryFieldByFieldAsync(this, query, fields, cancellationToken);
        }

        // Fields whose every series holds strings are not asked (InfluxDB refuses mean() of a string); their series come back empty.
        List<string> numeric;
        lock (_stringSeriesLock)
        {
            numeric = fields.Where(f => matched.Any(s => s.Field == f && !_stringSeries.Contains(s.Id))).ToList();
        }

        var points = matched.ToDictionary(s => s.Id, _ => new List<(long, double)>());
        if (numeric.Count > 0)
        {
            var byKey = matched.ToDictionary(s => SeriesKey(s.Measurement, s.Tags, s.Field), StringComparer.Ordinal);
            var result = await QueryWithTimeoutAsync(InfluxQl.Select(_rawPolicy, query, numeric), cancellationToken);
            foreach (var series in Series(result))
            {
                var tags = Tags(series);
                var columns = new List<(long Id, int Column)>(numeric.Count);
                for (var i = 0; i < numeric.Count; i++)
                {
                    if (byKey.TryGetValue(SeriesKey(query.Measurement, tags, numeric[i]), out var info))
                    {
                        columns.Add((info.Id, i + 1)); // a series this process has not seen written (another collector's) is skipped
                    }
                }

                foreach (var row in series.GetProperty("values").EnumerateArray())
                {
                    foreach (var (id, column) in columns)
                    {
                        if (row[column].ValueKind == JsonValueKind.Number)
                        {
                            points[id].Add((row[0].GetInt64(), row[column].GetDouble()));
                        }
                    }
                }
            }
        }

        return matched.Select(s => new SeriesPoints(s, Steps(query, points[s.Id]))).ToList();
    }

    /// <summary>
    /// The points of one series as the query answers them: InfluxQL's step starts (which may lie before the range)
    /// labelled by <see cref="StepBuckets.Labelled"/>, then rates. A step that starts before InfluxDB's earliest time
    /// (1677-09-21: a step over 104 days long holding 1678) is answered at time 0 (InfluxDB 1.6.7, probed): that row,
    /// first in time order, is labelled with the range's start when it cannot be the step of 1970 (the range ends
    /// before 1970, or the next row is earlier); a range holding both keeps InfluxDB's 0 when 1678 alone has points.
    /// </summary>
    private static List<(long, double)> Steps(SeriesQuery query, List<(long, double)> points)
    {
        var from = StepBuckets.ReadFrom(query);
        var step = Math.Max(1, query.StepNs);
        if (points.Count > 0 && points[0].Item1 == 0 && StepBuckets.Label(from, step, long.MinValue) < EarliestInfluxNs
            && (query.ToNs <= 0 || (points.Count > 1 && points[1].Item1 < 0)))
        {
            points[0] = (from, points[0].Item2);
        }

        var labelled = StepBuckets.Labelled(points, step, from);
        return query.Aggregation == Aggregation.Rate ? CounterRates.Compute(labelled, query.FromNs) : labelled;
    }

    /// <summary>InfluxDB 1.x's earliest time, <c>influxql.MinTime</c> (2 ns after the int64 minimum).</summary>
    private const long EarliestInfluxNs = long.MinValue + 2;

    /// <summary>Nothing to do: InfluxDB has every accepted point in its write-ahead log.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>
    /// The counts in a 1.x line error: <c>dropped=N</c> points refused after parsing plus one per
    /// <c>unable to parse '…'</c>.
    /// </summary>
    internal static long RefusedPoints(string error)
    {
        var match = DroppedPattern().Match(error);
        var dropped = match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var unparsable = 0;
        for (var at = error.IndexOf("unable to parse '", StringComparison.Ordinal); at >= 0; at = error.IndexOf("unable to parse '", at + 1, StringComparison.Ordinal))
        {
            unparsable++;
        }

        return dropped + unparsable;
    }

    private async Task WriteChunkAsync(string body, int lines, CancellationToken cancellationToken)
    {
        await InfluxWriteRetry.RunAsync(_options, _time, $"write of {lines} lines", async token =>
        {
            using var content = new StringContent(body, Encoding.UTF8, "text/plain");
            using var response = await _http.PostAsync(new Uri(_writePath, UriKind.Relative), content, token);
            if (response.IsSuccessStatusCode)
            {
                Statistics.CountRequest();
                return null;
            }

            var error = await ErrorAsync(response, token);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return $"HTTP {status}: {error}";
            }

            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // A line error: InfluxDB wrote the other lines ("partial write") or none could be used; never retried.
                Statistics.CountRequest();
                var refused = error.StartsWith("partial write", StringComparison.Ordinal) ? RefusedPoints(error) : lines;
                Statistics.CountRejected(refused);
                Log.LinesRefused(_logger, refused, lines, error.Length > 2000 ? error[..2000] : error);
                return null;
            }

            throw new InfluxDbException($"InfluxDB refused the write to database \"{_options.Database}\": HTTP {status}: {error}");
        }, (attempt, reason, delay) =>
        {
            Statistics.CountRetry();
            Log.Retrying(_logger, lines, attempt, reason, delay.TotalSeconds);
        }, cancellationToken);
    }

    /// <summary>One <c>POST /query</c> within the time-out, failures as <see cref="InfluxDbException"/>.</summary>
    private async Task<JsonElement> QueryWithTimeoutAsync(string statement, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await QueryOnceAsync(statement, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxDbException($"InfluxDB query got no answer within {_options.Timeout.TotalSeconds} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxDbException($"InfluxDB query failed: {e.Message}", e);
        }
    }

    private async Task<JsonElement> QueryWithRetryAsync(string statement, CancellationToken cancellationToken)
    {
        JsonElement result = default;
        await InfluxWriteRetry.RunAsync(_options, _time, "query", async token =>
        {
            try
            {
                result = await QueryOnceAsync(statement, token);
                return null;
            }
            catch (InfluxDbServerException e)
            {
                return e.Message;
            }
        }, (attempt, reason, delay) => Log.Retrying(_logger, 0, attempt, reason, delay.TotalSeconds), cancellationToken);
        return result;
    }

    /// <summary>One <c>POST /query</c>; the first statement's result (its <c>series</c> may be absent).</summary>
    private async Task<JsonElement> QueryOnceAsync(string statement, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["db"] = _options.Database, ["q"] = statement, ["epoch"] = "ns" };
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri("query", UriKind.Relative), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            throw new InfluxDbServerException($"HTTP {(int)response.StatusCode}: {ErrorOf(text)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxDbException($"InfluxDB refused the query: HTTP {(int)response.StatusCode}: {ErrorOf(text)}");
        }

        using var document = JsonDocument.Parse(text);
        var first = document.RootElement.GetProperty("results")[0];
        if (first.TryGetProperty("error", out var error))
        {
            throw new InfluxDbException($"InfluxDB refused the query: {error.GetString()}");
        }

        return first.Clone();
    }

    private static List<JsonElement> Series(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("series", out var series) ? [.. series.EnumerateArray()] : [];

    /// <summary>A result series' tags, sorted; empty values (a tag key the series lacks) left out.</summary>
    private static SortedDictionary<string, string> Tags(JsonElement series)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (series.TryGetProperty("tags", out var element))
        {
            foreach (var tag in element.EnumerateObject())
            {
                if (tag.Value.GetString() is { Length: > 0 } value)
                {
                    tags[tag.Name] = value;
                }
            }
        }

        return tags;
    }

    private static string SeriesKey(string measurement, IReadOnlyDictionary<string, string> tags, string field) =>
        SeriesRegistry.SeriesKeyPrefix(new LinePoint(measurement, tags.ToList(), [], null)) + field;

    private static async Task<string> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ErrorOf(await response.Content.ReadAsStringAsync(cancellationToken));

    /// <summary>The <c>error</c> member of a 1.x error body, or the body itself.</summary>
    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    [GeneratedRegex(@"dropped=(\d+)")]
    private static partial Regex DroppedPattern();

    /// <summary>A 5xx answer to a query: retried at start.</summary>
    private sealed class InfluxDbServerException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Time-series store InfluxDB 1.x {Url} database {Database} retention policy {RetentionPolicy} opened with {SeriesCount} series")]
        public static partial void Opened(ILogger logger, string url, string database, string retentionPolicy, int seriesCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "InfluxDB refused {Refused} of {Lines} lines (not retried; the others are written): {Error}")]
        public static partial void LinesRefused(ILogger logger, long refused, int lines, string error);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "InfluxDB request of {Lines} lines failed at attempt {Attempt}, retrying in {DelaySeconds} s: {Reason}")]
        public static partial void Retrying(ILogger logger, int lines, int attempt, string reason, double delaySeconds);
    }
}
