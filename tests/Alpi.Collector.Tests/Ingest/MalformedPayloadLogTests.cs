using Alpi.Collector.Ingest;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Ingest;

public class MalformedPayloadLogTests
{
    private const string Srv1 = "alpi/acme/srv1/metrics";
    private const string Srv2 = "alpi/acme/srv2/metrics";

    private FakeTimeProvider _time = null!;
    private CapturingLogger<MalformedPayloadLog> _logger = null!;
    private MalformedPayloadLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
        _logger = new CapturingLogger<MalformedPayloadLog>();
        _log = new MalformedPayloadLog(_time, _logger);
    }

    [Test]
    public void Report_FirstErrors_LogsOneWarningWithTopicCountAndFirstError()
    {
        _log.Report(Srv1, Errors(2), pointsKept: 1);

        var entry = _logger.Entries.Should().ContainSingle().Subject;
        entry.Level.Should().Be(LogLevel.Warning);
        Field(entry, "Topic").Should().Be(Srv1);
        Field(entry, "Count").Should().Be(2);
        Field(entry, "FirstError").Should().Be("line 1, column 3: bad 1");
        Field(entry, "Suppressed").Should().Be(0);
    }

    [Test]
    public void Report_NoErrors_LogsNothing()
    {
        _log.Report(Srv1, [], pointsKept: 1);

        _logger.Entries.Should().BeEmpty();
    }

    [Test]
    public void Report_AgainWithinTheMinute_IsSuppressed()
    {
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(30));
        _log.Report(Srv1, Errors(2), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(29.999));
        _log.Report(Srv1, Errors(1), pointsKept: 1);

        _logger.Entries.Should().ContainSingle();
    }

    [Test]
    public void Report_AfterTheMinute_LogsAgainWithTheNumberSuppressed()
    {
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(10));
        _log.Report(Srv1, Errors(2), pointsKept: 1);
        _log.Report(Srv1, Errors(3), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(50));

        _log.Report(Srv1, Errors(4), pointsKept: 1);

        _logger.Entries.Should().HaveCount(2);
        Field(_logger.Entries[1], "Count").Should().Be(4);
        Field(_logger.Entries[1], "Suppressed").Should().Be(5);
    }

    [Test]
    public void Report_AfterALoggedReport_RestartsTheSuppressedCountAndTheMinute()
    {
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(59));
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _time.Advance(TimeSpan.FromSeconds(1));

        _log.Report(Srv1, Errors(1), pointsKept: 1);

        _logger.Entries.Should().HaveCount(3);
        _logger.Entries.Select(e => Field(e, "Suppressed")).Should().Equal(0, 0, 1);
    }

    [Test]
    public void Report_OtherTopics_AreLimitedSeparately()
    {
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _log.Report(Srv2, Errors(1), pointsKept: 1);
        _log.Report(Srv1, Errors(1), pointsKept: 1);
        _log.Report(Srv2, Errors(1), pointsKept: 1);

        _logger.Entries.Select(e => Field(e, "Topic")).Should().Equal(Srv1, Srv2);
    }

    [Test]
    public void Report_EveryLineRefused_SaysNothingWasStored()
    {
        _log.Report(Srv1, Errors(2), pointsKept: 0);

        var message = _logger.Entries.Should().ContainSingle().Subject.Message;
        message.Should().NotContain("kept").And.Contain("nothing stored");
        message.Should().Be("alpi/acme/srv1/metrics: message refused whole, nothing stored: 2 line(s) rejected, first: line 1, column 3: bad 1 (0 more since the last report)");
    }

    [Test]
    public void Report_SomeLinesKept_SaysHowManyPointsWereKept()
    {
        _log.Report(Srv1, Errors(1), pointsKept: 3);

        var entry = _logger.Entries.Should().ContainSingle().Subject;
        entry.Message.Should().Be("alpi/acme/srv1/metrics: 1 malformed line(s) rejected, 3 good point(s) of the message kept; first: line 1, column 3: bad 1 (0 more since the last report)");
        Field(entry, "Kept").Should().Be(3);
    }

    private static LineProtocolError[] Errors(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new LineProtocolError(i, 3, $"bad {i}"))];

    private static object? Field((LogLevel, EventId, string, IReadOnlyList<KeyValuePair<string, object?>> State) entry, string name) =>
        entry.State.Single(kv => kv.Key == name).Value;
}
