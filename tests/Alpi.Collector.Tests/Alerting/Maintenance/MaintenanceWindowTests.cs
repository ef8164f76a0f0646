using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;
using Cronos;

namespace Alpi.Collector.Tests.Alerting.Maintenance;

/// <summary>Maintenance windows in Europe/Paris across the 2026 daylight-saving changes (2026-03-29 and 2026-10-25).</summary>
[TestFixture]
public sealed class MaintenanceWindowTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [TestCase("2026-03-28T23:59:00Z", false)] // 00:59 local, before 01:00 (+01:00)
    [TestCase("2026-03-29T00:00:00Z", true)]  // 01:00 +01:00
    [TestCase("2026-03-29T02:59:00Z", true)]  // 04:59 +02:00
    [TestCase("2026-03-29T03:00:00Z", false)] // 05:00 +02:00: the window lasted 3 hours
    public void Weekly_SpringChange_KeepsWallClockTimes(string at, bool open)
    {
        Window(new WeeklyTimes(new HashSet<DayOfWeek> { DayOfWeek.Sunday }, new TimeOnly(1, 0), new TimeOnly(5, 0))).IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(open);
    }

    [TestCase("2026-10-24T22:59:00Z", false)] // 00:59 +02:00
    [TestCase("2026-10-24T23:00:00Z", true)]  // 01:00 +02:00
    [TestCase("2026-10-25T03:59:00Z", true)]  // 04:59 +01:00
    [TestCase("2026-10-25T04:00:00Z", false)] // 05:00 +01:00: the window lasted 5 hours
    public void Weekly_AutumnChange_KeepsWallClockTimes(string at, bool open)
    {
        Window(new WeeklyTimes(new HashSet<DayOfWeek> { DayOfWeek.Sunday }, new TimeOnly(1, 0), new TimeOnly(5, 0))).IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(open);
    }

    [TestCase("2026-03-28T21:30:00Z", true)]  // Saturday 22:30 +01:00
    [TestCase("2026-03-29T03:59:00Z", true)]  // Sunday 05:59 +02:00, past midnight
    [TestCase("2026-03-29T04:00:00Z", false)] // Sunday 06:00 +02:00
    public void Weekly_OverMidnightAndTheSpringChange_EndsTheNextDay(string at, bool open)
    {
        Window(new WeeklyTimes(new HashSet<DayOfWeek> { DayOfWeek.Saturday }, new TimeOnly(22, 0), new TimeOnly(6, 0))).IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(open);
    }

    [TestCase("2026-03-29T00:59:00Z", false)]
    [TestCase("2026-03-29T01:00:00Z", true)]  // 02:00 does not exist: Cronos runs it at 03:00 +02:00
    [TestCase("2026-03-29T01:59:00Z", true)]
    [TestCase("2026-03-29T02:00:00Z", false)]
    [TestCase("2026-10-25T00:00:00Z", true)]  // 02:00 +02:00, the first of the two 02:00
    [TestCase("2026-10-25T00:59:00Z", true)]
    [TestCase("2026-10-25T01:30:00Z", false)] // the second 02:00 (+01:00) does not run it again
    [TestCase("2026-10-26T01:30:00Z", true)]  // Monday 02:30 +01:00
    public void Cron_DailyAtTwo_AcrossBothChanges(string at, bool open)
    {
        Window(new CronTimes("0 2 * * *", CronExpression.Parse("0 2 * * *"), TimeSpan.FromHours(1))).IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(open);
    }

    [Test]
    public void Once_OverTheAutumnChange_LastsFourHoursForThreeOnTheClock()
    {
        var window = Window(new OnceTimes(new DateTime(2026, 10, 25, 1, 0, 0), new DateTime(2026, 10, 25, 4, 0, 0)));

        window.IsOpen(new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero)).Should().BeTrue();
        window.IsOpen(new DateTimeOffset(2026, 10, 25, 2, 59, 0, TimeSpan.Zero)).Should().BeTrue();
        window.IsOpen(new DateTimeOffset(2026, 10, 25, 3, 0, 0, TimeSpan.Zero)).Should().BeFalse();
    }

    [Test]
    public void Matcher_HostWildcardAndGroupLabel_SelectAlerts()
    {
        var matcher = AlertMatcher.Create(new Dictionary<string, string> { ["host"] = "borne-*", ["group"] = "cigale" }, out _)!;

        matcher.Matches(Alert("borne-12", "cigale")).Should().BeTrue();
        matcher.Matches(Alert("srv-1", "cigale")).Should().BeFalse();
        matcher.Matches(Alert("borne-12", null)).Should().BeFalse();
    }

    private static MaintenanceWindow Window(MaintenanceTimes times) =>
        new("1", "test", AlertMatcher.Create(new Dictionary<string, string> { ["tenant"] = "t" }, out _)!, times, Paris, null, null);

    private static Alpi.Collector.Alerting.Lifecycle.AlertSnapshot Alert(string host, string? group) =>
        Notifications.Channels.ChannelFixtures.Alert(host: host) with
        {
            Labels = group is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["group"] = group },
        };

    [Test]
    public void ZonedTime_SpringGapAndAutumnOverlap_AreResolvedAsDocumented()
    {
        ZonedTime.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), Paris).UtcDateTime.Should().Be(new DateTime(2026, 3, 29, 1, 30, 0));
        ZonedTime.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Paris).UtcDateTime.Should().Be(new DateTime(2026, 10, 25, 0, 30, 0));
    }
}
