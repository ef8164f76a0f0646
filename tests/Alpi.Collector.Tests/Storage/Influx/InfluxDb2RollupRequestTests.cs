using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Collector.Storage.Retention;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>
/// The requests the InfluxDB 2.x rollup sends, recorded by a loopback listener that answers as the v2 API documents
/// (no 2.x server is packaged here, see the README): the rollup bucket created in the raw bucket's organisation with its
/// retention, the rollup Flux one hour at a time from the earliest raw point, and the watermark written after each hour;
/// and the annotated CSV answers read back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InfluxDb2RollupRequestTests
{
    private const long S = 1_000_000_000L;
    private const long H = 3600 * S;

    // 2027-01-15T08:00:00Z.
    private const long Now = 1_800_000_000L * S;

    [Test]
    public async Task RunRollupAsync_FirstRun_CreatesTheRollupBucketRollsUpHourByHourAndWritesTheWatermark()
    {
        using var server = new FakeInfluxDb2();
        server.EarliestPoint = "2027-01-15T05:30:10Z";
        var retention = new RetentionOptions { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) };
        using var store = Create(server.Url, retention);

        await store.InitializeAsync(CancellationToken.None);
        var run = await store.RunRollupAsync(DateTimeOffset.UnixEpoch.AddTicks((Now + (30 * S)) / 100), retention, CancellationToken.None);

        var created = server.Requests.Single(r => r.Method == "POST" && r.Path == "/api/v2/buckets");
        using (var bucket = JsonDocument.Parse(created.Body))
        {
            bucket.RootElement.GetProperty("name").GetString().Should().Be("alpi_rollup_5m");
            bucket.RootElement.GetProperty("orgID").GetString().Should().Be("org-1");
            bucket.RootElement.GetProperty("retentionRules")[0].GetProperty("everySeconds").GetInt64().Should().Be(365 * 86400);
        }

        // From the earliest point's bucket (05:30) to the last completed one (07:55), one hour at a time.
        var rollups = server.Queries().Where(q => q.Contains("|> to(bucket: \"alpi_rollup_5m\"", StringComparison.Ordinal)).ToList();
        rollups.Should().Equal(
            FluxRollup.Rollup("alpi", "alpi_rollup_5m", "agency", Now - (150 * 60 * S), Now - (90 * 60 * S)),
            FluxRollup.Rollup("alpi", "alpi_rollup_5m", "agency", Now - (90 * 60 * S), Now - (30 * 60 * S)),
            FluxRollup.Rollup("alpi", "alpi_rollup_5m", "agency", Now - (30 * 60 * S), Now - (5 * 60 * S)));
        server.Requests.Where(r => r.Path.StartsWith("/api/v2/write", StringComparison.Ordinal)).Select(r => (r.Path, r.Body)).Should().Equal(
            ("/api/v2/write?org=agency&bucket=alpi_rollup_5m&precision=ns", $"alpi_rollup watermark={Now - (90 * 60 * S)}i {Now - (90 * 60 * S)}"),
            ("/api/v2/write?org=agency&bucket=alpi_rollup_5m&precision=ns", $"alpi_rollup watermark={Now - (30 * 60 * S)}i {Now - (30 * 60 * S)}"),
            ("/api/v2/write?org=agency&bucket=alpi_rollup_5m&precision=ns", $"alpi_rollup watermark={Now - (5 * 60 * S)}i {Now - (5 * 60 * S)}"));
        run.RolledUpBeforeNs.Should().Be(Now - (5 * 60 * S));
    }

    [Test]
    public async Task QueryAsync_LongStepAfterARollup_ReadsTheRollupBucketThenRawPointsAfterTheWatermark()
    {
        using var server = new FakeInfluxDb2();
        var retention = new RetentionOptions();
        server.Watermark = Now - (5 * 60 * S);
        server.Series = "cpu,host=srv1,tenant=acme usage";
        using var store = Create(server.Url, retention);
        await store.InitializeAsync(CancellationToken.None);

        var query = new SeriesQuery("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), Now - (2 * H), Now, H, Aggregation.Avg);
        await store.QueryAsync(query, CancellationToken.None);

        var plan = RollupPlan.For(query, Now - (5 * 60 * S), long.MinValue);
        server.Queries().TakeLast(2).Should().Equal(FluxRollup.AggregatePart("alpi_rollup_5m", query, plan), FluxRollup.RawPart("alpi", query, plan));
    }

    [Test]
    public async Task QueryAsync_WithoutRetention_ReadsTheAnnotatedCsvAnswer()
    {
        // Regression: InfluxDB.Client's own CSV parser threw MissingMethodException in this process (CsvHelper 34).
        using var server = new FakeInfluxDb2
        {
            Series = "cpu,host=srv1,tenant=acme usage",
            SelectAnswer = "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string,string\n"
                + "#group,false,false,true,true,false,false,true,true,true,true\n"
                + "#default,_result,,,,,,,,,\n"
                + ",result,table,_start,_stop,_time,_value,_field,_measurement,host,tenant\n"
                + ",,0,2027-01-15T07:00:00Z,2027-01-15T08:00:00Z,2027-01-15T07:00:00Z,1.5,usage,cpu,srv1,acme\n"
                + ",,0,2027-01-15T07:00:00Z,2027-01-15T08:00:00Z,2027-01-15T07:00:10.5Z,2.5,usage,cpu,srv1,acme\n\n",
        };
        using var store = Create(server.Url, retention: null);
        await store.InitializeAsync(CancellationToken.None);

        var result = await store.QueryAsync(new SeriesQuery("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), Now - H, Now, 10 * S, Aggregation.Avg), CancellationToken.None);

        // A _time within a 10 s step (07:00:10.5) is labelled with the step's start, as every store labels its steps.
        result.Should().ContainSingle().Which.Points.Should().Equal((Now - H, 1.5), (Now - H + (10 * S), 2.5));
    }

    private static InfluxDb2TimeSeriesStore Create(string url, RetentionOptions? retention)
    {
        var options = new CollectorOptions();
        options.Storage.Kind = StorageOptions.KindInfluxDb2;
        options.Storage.InfluxDb2.Url = url;
        options.Storage.InfluxDb2.Org = "agency";
        options.Storage.InfluxDb2.Bucket = "alpi";
        options.Storage.InfluxDb2.Token = "token";
        options.Storage.InfluxDb2.MaxAttempts = 1;
        return new InfluxDb2TimeSeriesStore(Options.Create(options), new SeriesRegistry(), new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddTicks(Now / 100)),
            NullLogger<InfluxDb2TimeSeriesStore>.Instance, retention is null ? null : Options.Create(retention));
    }

    /// <summary>
    /// Answers the few v2 requests the store sends: bucket lookups (<c>alpi</c> exists in <c>org-1</c>, the rollup bucket
    /// does not), bucket creation, writes (204), and Flux queries as annotated CSV: the watermark, the earliest point,
    /// the last point of <see cref="Series"/>, and no rows otherwise.
    /// </summary>
    private sealed class FakeInfluxDb2 : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeInfluxDb2()
        {
            var port = FreePort.Tcp();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public string? EarliestPoint { get; set; }

        public long? Watermark { get; set; }

        /// <summary>A series of the raw bucket as <c>measurement,tags field</c>, returned by the series index query.</summary>
        public string? Series { get; set; }

        /// <summary>The annotated CSV answering a plain query (<c>aggregateWindow</c> without <c>union</c>).</summary>
        public string? SelectAnswer { get; set; }

        public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

        public IEnumerable<string> Queries() => Requests.Where(r => r.Path.StartsWith("/api/v2/query", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("query").GetString()!);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(2));
        }

        private async Task LoopAsync()
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.PathAndQuery;
                Requests.Enqueue((context.Request.HttpMethod, path, body));
                var (status, type, answer) = Answer(context.Request.HttpMethod, path, body);
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                // A known length, never chunked: a 204 with a chunk terminator would corrupt the next answer on the connection.
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentLength64 = bytes.Length;
                if (bytes.Length > 0)
                {
                    await context.Response.OutputStream.WriteAsync(bytes);
                }

                context.Response.Close();
            }
        }

        private (int Status, string Type, string Body) Answer(string method, string path, string body)
        {
            const string json = "application/json; charset=utf-8";
            if (path.StartsWith("/api/v2/buckets?", StringComparison.Ordinal))
            {
                return path.Contains("name=alpi&", StringComparison.Ordinal) || path.EndsWith("name=alpi", StringComparison.Ordinal)
                    ? (200, json, """{"buckets":[{"id":"b-1","orgID":"org-1","name":"alpi","retentionRules":[{"type":"expire","everySeconds":2592000}]}]}""")
                    : (200, json, """{"buckets":[]}""");
            }

            if (method == "POST" && path == "/api/v2/buckets")
            {
                return (201, json, """{"id":"b-2","orgID":"org-1","name":"alpi_rollup_5m","retentionRules":[{"type":"expire","everySeconds":31536000}]}""");
            }

            if (path.StartsWith("/api/v2/write", StringComparison.Ordinal))
            {
                return (204, "text/plain", "");
            }

            var flux = JsonDocument.Parse(body).RootElement.GetProperty("query").GetString()!;
            const string csv = "text/csv; charset=utf-8";
            if (flux.Contains("\"watermark\"", StringComparison.Ordinal) && Watermark is { } watermark)
            {
                return (200, csv, "#datatype,string,long,dateTime:RFC3339,string,string,long\n#group,false,false,false,true,true,false\n#default,_result,,,,,\n"
                    + ",result,table,_time,_measurement,_field,_value\n"
                    + $",,0,{DateTimeOffset.UnixEpoch.AddTicks(watermark / 100):yyyy-MM-ddTHH:mm:ssZ},alpi_rollup,watermark,{watermark}\n\n");
            }

            if (flux.Contains("keep(columns: [\"_time\"])", StringComparison.Ordinal) && EarliestPoint is { } earliest)
            {
                return (200, csv, $"#datatype,string,long,dateTime:RFC3339\n#group,false,false,false\n#default,_result,,\n,result,table,_time\n,,0,{earliest}\n\n");
            }

            if (flux.Contains("from(bucket: \"alpi\")\n  |> range(start: time(v: 0))\n  |> last()", StringComparison.Ordinal) && Series is { } series)
            {
                var (measurementAndTags, field) = (series.Split(' ')[0], series.Split(' ')[1]);
                var parts = measurementAndTags.Split(',');
                var tags = parts.Skip(1).Select(t => t.Split('=')).ToList();
                return (200, csv, "#datatype,string,long,dateTime:RFC3339,double,string,string" + string.Concat(tags.Select(_ => ",string")) + "\n"
                    + "#group,false,false,false,false,true,true" + string.Concat(tags.Select(_ => ",true")) + "\n"
                    + "#default,_result,,,,," + string.Concat(tags.Select(_ => ",")) + "\n"
                    + ",result,table,_time,_value,_field,_measurement" + string.Concat(tags.Select(t => "," + t[0])) + "\n"
                    + $",,0,2027-01-15T07:59:50Z,1,{field},{parts[0]}" + string.Concat(tags.Select(t => "," + t[1])) + "\n\n");
            }

            if (flux.Contains("aggregateWindow(", StringComparison.Ordinal) && !flux.Contains("union(", StringComparison.Ordinal) && SelectAnswer is { } answer)
            {
                return (200, csv, answer);
            }

            return (200, csv, "");
        }
    }
}
