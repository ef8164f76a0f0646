using Alpi.Collector.Alerting.OnCall;

namespace Alpi.Collector.Tests.Alerting.OnCall;

/// <summary>Weekly rotations in Europe/Paris: handovers keep their wall-clock time across daylight-saving changes; overrides.</summary>
[TestFixture]
public sealed class OnCallScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Test]
    public void FindSystemTimeZoneById_EuropeParis_WorksWithInvariantGlobalization()
    {
        Paris.GetUtcOffset(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)).Should().Be(TimeSpan.FromHours(1));
        Paris.GetUtcOffset(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero)).Should().Be(TimeSpan.FromHours(2));
    }

    [Test]
    public void At_SpringChange_HandoverStaysAtNineLocalSoTheWeekLasts167Hours()
    {
        var schedule = Weekly("09:00");

        // Sunday 2026-03-29: clocks go from 02:00 to 03:00; 09:00 is now 07:00Z (it was 08:00Z a week before).
        var before = schedule.At(Utc(2026, 3, 29, 6, 59));
        before.Person.Should().Be("carol");
        before.Since.Should().Be(Utc(2026, 3, 22, 8, 0));
        before.Until.Should().Be(Utc(2026, 3, 29, 7, 0));
        (before.Until - before.Since).Should().Be(TimeSpan.FromHours(167));
        schedule.At(Utc(2026, 3, 29, 7, 0)).Person.Should().Be("alice");
    }

    [Test]
    public void At_AutumnChange_HandoverStaysAtNineLocalSoTheWeekLasts169Hours()
    {
        var schedule = Weekly("09:00");

        var before = schedule.At(Utc(2026, 10, 25, 7, 59));
        before.Person.Should().Be("carol");
        before.Since.Should().Be(Utc(2026, 10, 18, 7, 0));
        before.Until.Should().Be(Utc(2026, 10, 25, 8, 0));
        (before.Until - before.Since).Should().Be(TimeSpan.FromHours(169));
        schedule.At(Utc(2026, 10, 25, 8, 0)).Person.Should().Be("alice");
    }

    [Test]
    public void NextHandover_OverTheSpringChange_IsAtNineLocal()
    {
        var (at, from, to) = Weekly("09:00").NextHandover(Utc(2026, 3, 28, 12, 0));

        at.Should().Be(Utc(2026, 3, 29, 7, 0));
        (from, to).Should().Be(("carol", "alice"));
    }

    [Test]
    public void At_HandoverInTheSpringGap_HappensRightAfterTheGap()
    {
        // 02:30 does not exist on 2026-03-29 in Paris: the handover is at 03:30 local (01:30Z).
        var schedule = Weekly("02:30");

        schedule.At(Utc(2026, 3, 29, 1, 29)).Person.Should().Be("carol");
        schedule.At(Utc(2026, 3, 29, 1, 30)).Person.Should().Be("alice");
    }

    [Test]
    public void At_HandoverInTheAutumnOverlap_HappensAtTheFirstOccurrence()
    {
        // 02:30 happens twice on 2026-10-25: the first time (summer time, 00:30Z).
        var schedule = Weekly("02:30");

        schedule.At(Utc(2026, 10, 25, 0, 29)).Person.Should().Be("carol");
        schedule.At(Utc(2026, 10, 25, 0, 30)).Person.Should().Be("alice");
    }

    [Test]
    public void At_Override_ReplacesTheRotationAndCutsTheRegularShift()
    {
        var christmas = new OnCallOverride(Local(2026, 12, 24, 18, 0), Local(2026, 12, 26, 9, 0), "dave", "Christmas");
        var schedule = Weekly("09:00") with { Overrides = [christmas] };

        var during = schedule.At(Utc(2026, 12, 25, 12, 0));
        during.Person.Should().Be("dave");
        during.Override.Should().Be(christmas);
        during.Since.Should().Be(Utc(2026, 12, 24, 17, 0));
        during.Until.Should().Be(Utc(2026, 12, 26, 8, 0));

        var before = schedule.At(Utc(2026, 12, 24, 12, 0));
        before.Override.Should().BeNull();
        before.Until.Should().Be(Utc(2026, 12, 24, 17, 0), "the override starts before the regular handover");
        schedule.NextHandover(Utc(2026, 12, 24, 12, 0)).Should().Be((Utc(2026, 12, 24, 17, 0), before.Person, "dave"));

        var after = schedule.At(Utc(2026, 12, 26, 8, 0));
        after.Override.Should().BeNull();
        after.Since.Should().Be(Utc(2026, 12, 26, 8, 0), "the regular shift resumes when the override ends");
    }

    [Test]
    public void At_SwapOfTwoShifts_IsTwoOverrides()
    {
        // bob and carol swap weeks: bob's week goes to carol and carol's to bob.
        var schedule = Weekly("09:00");
        var bobWeek = schedule.At(Utc(2026, 3, 16, 12, 0));
        var carolWeek = schedule.At(Utc(2026, 3, 23, 12, 0));
        (bobWeek.Person, carolWeek.Person).Should().Be(("bob", "carol"));
        var swapped = schedule with
        {
            Overrides = [new(bobWeek.Since, bobWeek.Until, "carol", "swap"), new(carolWeek.Since, carolWeek.Until, "bob", "swap")],
        };

        swapped.At(Utc(2026, 3, 16, 12, 0)).Person.Should().Be("carol");
        swapped.At(Utc(2026, 3, 23, 12, 0)).Person.Should().Be("bob");
    }

    private static OnCallSchedule Weekly(string handover) =>
        new("primary", Paris, new DateOnly(2026, 1, 4), TimeOnly.Parse(handover, System.Globalization.CultureInfo.InvariantCulture), 7, ["alice", "bob", "carol"], []);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi) => ZonedTime.ToInstant(new DateTime(y, mo, d, h, mi, 0), Paris);
}
