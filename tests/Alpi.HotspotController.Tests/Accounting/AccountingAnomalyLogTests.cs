using Alpi.HotspotController.Accounting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Accounting;

public sealed class AccountingAnomalyLogTests
{
    private FakeTimeProvider _time = null!;
    private FakeLogger<AccountingAnomalyLog> _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        _logger = new FakeLogger<AccountingAnomalyLog>();
    }

    [Test]
    public void OneNasRepeatingAKind_IsLoggedOnceAMinute_TheNextLineCountingWhatWasHeldBack()
    {
        var log = new AccountingAnomalyLog(_time, _logger);

        for (var i = 0; i < 5; i++)
        {
            log.ImplausibleTime("borne-place", $"s{i}", "Acct-Delay-Time", 4294967295, 86400, "dated at its reception");
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        log.ImplausibleTime("borne-place", "s5", "Acct-Delay-Time", 4294967295, 86400, "dated at its reception");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(2);
        lines[0].Message.Should().Contain("Acct-Session-Id s0").And.Contain("(0 more of these from this NAS since the last report)");
        lines[1].Message.Should().Contain("Acct-Session-Id s5").And.Contain("(4 more of these from this NAS since the last report)");
    }

    [Test]
    public void EachNasAndKind_HasItsOwnMinute()
    {
        var log = new AccountingAnomalyLog(_time, _logger);

        log.ImplausibleTime("borne-place", "a", "Acct-Delay-Time", 4294967295, 86400, "dated at its reception");
        log.ImplausibleTime("borne-place", "b", "Acct-Session-Time", 4294967295, 2678400, "starts at this message");
        log.StopBeforeStart("borne-place", "c", 86000);
        log.ClassNotMatching("borne-place", "d", "alpi:7:mac");
        log.ClassNotMatching("borne-gare", "e", "alpi:7:mac");
        log.ClassNotMatching("borne-place", "f", "alpi:7:mac");

        _logger.Collector.GetSnapshot().Select(r => r.Id.Id).Should().Equal(2, 2, 4, 3, 3);
    }
}
