using System.Globalization;
using System.Text;
using Alpi.Collector.Ingest;
using Alpi.Collector.Ingest.Journal;
using Alpi.Collector.Storage;
using Alpi.Collector.Tests.Broker;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;

namespace Alpi.Collector.Tests.Ingest.Journal;

/// <summary>
/// The embedded broker with its ingest journal, driven by real MQTT 5 clients on loopback: PUBACK once journalled and
/// stored later, replay after a stop that left acknowledged messages unstored, group commit across publishers, PUBACK
/// 0x80 when the journal cannot be written, 0x99 for a message with no readable line.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class EmbeddedBrokerJournalTests
{
    private const long T = 1_764_460_800_000_000_000L;
    private const long Second = 1_000_000_000L;

    [Test]
    public async Task Publish_EveryLineMalformed_PayloadFormatInvalidNamingTheFirstErrorAndCounted()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        using var client = await MqttTestClient.ConnectAsync(collector.BrokerPort, null, null);
        var statistics = collector.Services.GetRequiredService<IngestStatistics>();

        var bad = await client.PublishAsync("alpi/t/bad/metrics", "no_fields_here\ncpu v=\n");
        var mixed = await client.PublishAsync("alpi/t/bad/metrics", $"cpu v=\ncpu v=2 {T}\n");

        bad.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);
        bad.ReasonString.Should().StartWith("no line could be read, first: line 1, column");
        mixed.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "its good line is stored");
        statistics.MalformedMessages.Should().Be(1);
        statistics.MalformedLines.Should().Be(3);
        (await Eventually.WaitAsync(() => Task.FromResult<object?>(statistics.PointsStored >= 1 ? new object() : null), TimeSpan.FromSeconds(10)))
            .Should().NotBeNull("the good line of the second message is stored");
    }

    [Test]
    public async Task Publish_EmptyPayload_OrOnlyComments_PayloadFormatInvalidSayingSoAndCounted()
    {
        // Used to be routed to no subscriber and answered 0x10 "No matching subscribers", counted nowhere.
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        using var client = await MqttTestClient.ConnectAsync(collector.BrokerPort, null, null);
        var statistics = collector.Services.GetRequiredService<IngestStatistics>();

        var empty = await client.PublishAsync("alpi/t/empty/metrics", "");
        var comments = await client.PublishAsync("alpi/t/empty/metrics", "# nothing to say\n\n");

        empty.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);
        empty.ReasonString.Should().Be("no line could be read, first: line 1, column 1: empty payload: a metrics message holds at least one line of line protocol");
        comments.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);
        comments.ReasonString.Should().EndWith("no point: the payload holds only blank lines or comments");
        statistics.MalformedMessages.Should().Be(2);
        statistics.RejectedMessages.Should().Be(2);
        statistics.MalformedLines.Should().Be(0, "an empty message has no bad line");
    }

    [Test]
    public async Task Publish_TimestampsOutsideTheStoredRange_RefusedAsBadLines_TheGoodLineStoredAndReadable()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        using var client = await MqttTestClient.ConnectAsync(collector.BrokerPort, null, null);
        var statistics = collector.Services.GetRequiredService<IngestStatistics>();

        var recent = (TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000) * 1_000_000; // a minute ago: in the query's default last hour

        var outside = await client.PublishAsync("alpi/t/range/metrics", "cpu v=1 9223372036854775807\n");
        var mixed = await client.PublishAsync("alpi/t/range/metrics", $"cpu v=1 -9223372036854775806\ncpu v=2 {recent}\ncpu v=3 9223372036854775000\n");

        outside.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);
        outside.ReasonString.Should().Contain("timestamp \"9223372036854775807\" (2262-04-11T23:47:16.854775807Z) is outside the range kept, 1678-01-01");
        mixed.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "its good line is stored");
        statistics.MalformedLines.Should().Be(3);
        statistics.MalformedMessages.Should().Be(1);
        (await Eventually.WaitAsync(() => Task.FromResult<object?>(statistics.PointsStored >= 1 ? new object() : null), TimeSpan.FromSeconds(10)))
            .Should().NotBeNull("the good line is stored");
        using var response = await collector.Http.GetAsync(new Uri("/api/query?measurement=cpu&field=v&host=range&step=1m", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        text.Should().Contain(",2]", "the good point reads back");
        statistics.PointsStored.Should().Be(1);
    }

    [Test]
    public async Task Publish_JournalOff_EveryLineMalformedIsAlsoPayloadFormatInvalid()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Agent:Enabled"] = "false",
            ["Collector:Ingest:Journal"] = "false",
        });
        using var client = await MqttTestClient.ConnectAsync(collector.BrokerPort, null, null);

        var bad = await client.PublishAsync("alpi/t/bad/metrics", "garbage");
        var good = await client.PublishAsync("alpi/t/bad/metrics", $"cpu v=2 {T}\n");

        bad.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);
        good.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        collector.Services.GetRequiredService<IngestJournal>().Appended.Should().Be(0, "acknowledged after the commit, as before the journal");
        collector.Services.GetRequiredService<IngestStatistics>().PointsStored.Should().Be(1, "PUBACK came after the commit");
    }

    [Test]
    public async Task Publish_ConcurrentPublishers_ShareTheJournalsFsyncs()
    {
        const int Publishers = 8;
        const int Messages = 20;
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        var journal = collector.Services.GetRequiredService<IngestJournal>();
        journal.FlushDelayForTests = TimeSpan.FromMilliseconds(20); // a disk whose fsync takes 20 ms
        var clients = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => MqttTestClient.ConnectAsync(collector.BrokerPort, null, null)));
        try
        {
            var results = await Task.WhenAll(clients.Select(async (client, p) =>
            {
                var codes = new List<MqttClientPublishReasonCode>();
                for (var m = 0; m < Messages; m++)
                {
                    codes.Add((await client.PublishAsync($"alpi/t/pub{p}/metrics", $"seq v={m} {T + (m * Second)}\n")).ReasonCode);
                }

                return codes;
            }));

            results.SelectMany(c => c).Should().AllBeEquivalentTo(MqttClientPublishReasonCode.Success);
            journal.Appended.Should().Be(Publishers * Messages);
            TestContext.Out.WriteLine($"{journal.Appended} messages, {journal.Fsyncs} fsyncs");
            journal.Fsyncs.Should().BeLessThan(Publishers * Messages / 2, "publishers waiting together share one fsync");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Test]
    public async Task Publish_JournalCannotBeWritten_UnspecifiedErrorWithAReasonAndTheCollectorRunsOn()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Agent:Enabled"] = "false",
            ["Collector:Ingest:JournalSegmentBytes"] = "4096",
        });
        var journal = collector.Services.GetRequiredService<IngestJournal>();
        var statistics = collector.Services.GetRequiredService<IngestStatistics>();
        using var client = await MqttTestClient.ConnectAsync(collector.BrokerPort, null, null);

        var first = await client.PublishAsync("alpi/t/io/metrics", Lines(0, 30));
        Directory.Delete(journal.Directory, recursive: true);
        await File.WriteAllTextAsync(journal.Directory, "not a folder"); // the next segment cannot be created
        var failed = await client.PublishAsync("alpi/t/io/metrics", Lines(30, 30));
        File.Delete(journal.Directory);
        Directory.CreateDirectory(journal.Directory);
        var after = await client.PublishAsync("alpi/t/io/metrics", Lines(60, 30));

        first.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        failed.ReasonCode.Should().Be(MqttClientPublishReasonCode.UnspecifiedError);
        failed.ReasonString.Should().Contain("ingest journal could not be written");
        statistics.JournalFailures.Should().Be(1);
        after.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "the journal starts a new segment once it can");
        (await Eventually.WaitAsync(() => Task.FromResult<object?>(statistics.PointsStored == 60 ? new object() : null), TimeSpan.FromSeconds(10)))
            .Should().NotBeNull("the two acknowledged messages are stored, the refused one is not");
    }

    [Test]
    public async Task Restart_AcknowledgedMessagesNotYetStored_AreReplayedIntoTheStoreExactlyOnce()
    {
        const int Publishers = 3;
        const int Messages = 30;
        const int PointsPerMessage = 10;
        using var data = new TempDirectory("alpi-journal-replay");
        var port = FreePort.Tcp();

        // First run: every store write fails (a disk that stopped answering), so nothing is committed; the publishers
        // are acknowledged all the same, by the journal; then the collector stops with everything unstored.
        var failing = new FailingStore();
        using (var first = await StartCollectorAsync(data.Path, port, failing))
        {
            var codes = await PublishAsync(port, Publishers, Messages, PointsPerMessage);
            codes.Should().AllBeEquivalentTo(MqttClientPublishReasonCode.Success);
            first.Services.GetRequiredService<IngestStatistics>().PointsStored.Should().Be(0);
            await first.StopAsync();
        }

        failing.Attempts.Should().BeGreaterThan(0);
        Directory.GetFiles(Path.Combine(data.Path, IngestJournal.DirectoryName), "*" + JournalSegment.Extension).Should().NotBeEmpty();

        // Second run, same data folder, a working DuckDB store: the journal is replayed before anything new.
        using var second = await StartCollectorAsync(data.Path, port, null);
        var statistics = second.Services.GetRequiredService<IngestStatistics>();
        const long expected = (long)Publishers * Messages * PointsPerMessage;
        (await Eventually.WaitAsync(() => Task.FromResult<object?>(statistics.PointsStored >= expected ? new object() : null), TimeSpan.FromSeconds(30)))
            .Should().NotBeNull();
        statistics.PointsStored.Should().Be(expected);
        statistics.MalformedLines.Should().Be(0);
        var store = second.Services.GetRequiredService<ITimeSeriesStore>();
        for (var p = 0; p < Publishers; p++)
        {
            var series = await store.QueryAsync(new SeriesQuery("seq", "v", $"pub{p}", "t", new Dictionary<string, string>(), T, T + (Messages * PointsPerMessage * Second), Second, Aggregation.Last), CancellationToken.None);
            var points = series.Single().Points;
            points.Select(x => x.Value).Should().Equal(Enumerable.Range(0, Messages * PointsPerMessage).Select(i => (double)i), $"every point of pub{p}, once, in order");
        }

        var journal = second.Services.GetRequiredService<IngestJournal>();
        journal.StoredSequence.Should().BeGreaterThanOrEqualTo(Publishers * Messages);
        await second.StopAsync();
    }

    [Test]
    public async Task Kill_MidStream_RestartStoresEveryAcknowledgedPointOnce()
    {
        // Four publishers stream messages of 200 points; the collector is killed (SIGKILL) right after publisher 0's
        // 30th PUBACK, while the others are still publishing and the writer is committing what the journal acknowledged.
        const int Publishers = 4;
        const int PointsPerMessage = 200;
        const int KillAfter = 30;
        var port = FreePort.Tcp();
        // One message per store transaction: the writer falls behind the journal's group commits, as under a load the
        // store cannot follow, so the kill leaves acknowledged messages that only the journal holds.
        await using var collector = await CollectorProcess.StartEmbeddedAsync("journal", port, new Dictionary<string, string> { ["Collector:Ingest:MaxBatchPoints"] = "1" });
        var clients = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => MqttTestClient.ConnectAsync(port, null, null)));
        var acknowledged = new int[Publishers];
        try
        {
            await Task.WhenAll(clients.Select(async (client, p) =>
            {
                for (var m = 0; m < 1000; m++)
                {
                    try
                    {
                        var result = await client.PublishAsync($"alpi/t/pub{p}/metrics", Seq(m * PointsPerMessage, PointsPerMessage));
                        result.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
                    }
                    catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
                    {
                        return; // the collector is gone: this message was not acknowledged
                    }

                    acknowledged[p] = m + 1;
                    if (p == 0 && m + 1 == KillAfter)
                    {
                        collector.Kill();
                        return;
                    }
                }
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        var options = Microsoft.Extensions.Options.Options.Create(new CollectorOptions { DataDirectory = collector.DataDirectory });
        var folder = Path.Combine(collector.DataDirectory, IngestJournal.DirectoryName);
        TestContext.Out.WriteLine($"journal files at the kill: {string.Join(", ", Directory.GetFiles(folder).Select(f => $"{Path.GetFileName(f)} ({new FileInfo(f).Length} octets)"))}; stored sequence {StoredSequenceFile.Read(folder, out _)}");
        await using (var journal = new IngestJournal(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<IngestJournal>.Instance))
        {
            journal.Open();
            TestContext.Out.WriteLine($"acknowledged messages per publisher: {string.Join(", ", acknowledged)}; in the journal and not stored at the kill: {journal.TakeUnstored().Count}");
        }

        await collector.StartAgainAsync();
        await collector.StopAsync(); // the replay runs before the writer reads anything new, and finishes before it stops

        var store = new Alpi.Collector.Storage.DuckDb.DuckDbTimeSeriesStore(options, new SeriesRegistry(), Microsoft.Extensions.Logging.Abstractions.NullLogger<Alpi.Collector.Storage.DuckDb.DuckDbTimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        try
        {
            for (var p = 0; p < Publishers; p++)
            {
                var series = await store.QueryAsync(new SeriesQuery("seq", "v", $"pub{p}", "t", new Dictionary<string, string>(), T, T + (1000L * PointsPerMessage * Second), Second, Aggregation.Last), CancellationToken.None);
                var values = series.Single().Points.Select(x => (int)x.Value).ToList();
                var expected = acknowledged[p] * PointsPerMessage;

                // Every acknowledged point, in order; at most the one message whose PUBACK the kill cut off besides.
                values.Should().StartWith(Enumerable.Range(0, expected), $"every point pub{p} got a PUBACK for");
                values.Should().Equal(Enumerable.Range(0, values.Count)).And.HaveCountLessThanOrEqualTo(expected + PointsPerMessage);
            }
        }
        finally
        {
            await store.FlushAsync(CancellationToken.None);
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary><paramref name="count"/> lines <c>seq v=k</c>, k from <paramref name="from"/>, one point a second.</summary>
    private static string Seq(int from, int count) => string.Concat(Enumerable.Range(from, count)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"seq v={i} {T + (i * Second)}\n")));

    /// <summary><paramref name="count"/> lines of about 100 octets, values and timestamps from <paramref name="from"/>.</summary>
    private static string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"io,pad=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa v={i} {T + (i * Second)}\n")));

    /// <summary>Each publisher sends its messages one after the other (QoS 1), <c>seq v=k</c> with k = 0, 1, … at one point a second.</summary>
    private static async Task<List<MqttClientPublishReasonCode>> PublishAsync(int port, int publishers, int messages, int pointsPerMessage)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => MqttTestClient.ConnectAsync(port, null, null)));
        try
        {
            var codes = await Task.WhenAll(clients.Select(async (client, p) =>
            {
                var result = new List<MqttClientPublishReasonCode>();
                for (var m = 0; m < messages; m++)
                {
                    var payload = new StringBuilder();
                    for (var i = m * pointsPerMessage; i < (m + 1) * pointsPerMessage; i++)
                    {
                        payload.Append(CultureInfo.InvariantCulture, $"seq v={i} {T + (i * Second)}\n");
                    }

                    result.Add((await client.PublishAsync($"alpi/t/pub{p}/metrics", payload.ToString())).ReasonCode);
                }

                return result;
            }));
            return codes.SelectMany(c => c).ToList();
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The collector's services (no HTTP, agent, traps or alerting) on <paramref name="data"/>, with <paramref name="store"/> instead of DuckDB when given.</summary>
    private static async Task<IHost> StartCollectorAsync(string data, int brokerPort, ITimeSeriesStore? store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collector:DataDirectory"] = data,
            ["Collector:Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Collector:Traps:Enabled"] = "false",
            ["Collector:Alerting:Enabled"] = "false",
            ["Collector:Storage:Retention:Enabled"] = "false",
        });
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        builder.Services.AddLogging();
        builder.Services.AddAlpiCollector(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A store that opens but fails every write, as a disk that stopped answering would.</summary>
    private sealed class FailingStore : ITimeSeriesStore
    {
        private int _attempts;

        public int Attempts => _attempts;

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> WriteAsync(IReadOnlyList<LinePoint> points, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new IOException("the disk stopped answering");
        }

        public IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host) => [];

        public Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SeriesPoints>>([]);

        public Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(
            IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<long, (long TimestampNs, double Value)>>(new Dictionary<long, (long, double)>());

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
