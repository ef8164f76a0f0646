using Alpi.Agent.Collectors.Snmp;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class CounterRatesTests
{
    private const string Series = "router\0snmp_interface\01\0in_octets";

    [TestCase(1000UL, 101UL, 1500UL, 1101UL, false, 10.0, CounterOutcome.Rate, 50.0, TestName = "Update_Counter32Grows_RateIsDeltaOverElapsed")]
    [TestCase(1000UL, 101UL, 1000UL, 1101UL, false, 10.0, CounterOutcome.Rate, 0.0, TestName = "Update_CounterUnchanged_RateIsZero")]
    [TestCase(1000UL, 101UL, 6000UL, 1101UL, true, 5.0, CounterOutcome.Rate, 1000.0, TestName = "Update_Counter64Grows_RateIsDeltaOverElapsed")]
    // An interface moving 1 Gbit/s wraps a Counter32 of octets every 34 s: 4294967000 → 704 is 1000 octets.
    [TestCase(4294967000UL, 101UL, 704UL, 1101UL, false, 10.0, CounterOutcome.Wrap, 100.0, TestName = "Update_Counter32DecreasesWithUptimeGrowing_IsAWrap")]
    // The device rebooted between the polls (sysUpTime 5 s < 1000 s): its counters restarted, no spike.
    [TestCase(900000UL, 100000UL, 1200UL, 500UL, false, 10.0, CounterOutcome.Reboot, null, TestName = "Update_Counter32DecreasesWithUptimeSmaller_IsARebootWithoutRate")]
    // After a reboot a busy counter can already exceed its old value: still no rate for that interval.
    [TestCase(100UL, 100000UL, 5000UL, 500UL, true, 10.0, CounterOutcome.Reboot, null, TestName = "Update_CounterGrowsWithUptimeSmaller_IsARebootWithoutRate")]
    // A Counter64 does not wrap in practice (RFC 2863 §3.1.6): a decrease is a reset (clear counters).
    [TestCase(900000UL, 100000UL, 1200UL, 101000UL, true, 10.0, CounterOutcome.Reset, null, TestName = "Update_Counter64Decreases_IsAResetWithoutRate")]
    public void Update_SecondSample_GivesTheExpectedOutcome(ulong firstValue, ulong firstUptime, ulong secondValue, ulong secondUptime, bool is64Bit, double seconds, CounterOutcome outcome, double? rate)
    {
        var rates = new CounterRates();
        rates.Update(Series, firstValue, is64Bit, (uint)firstUptime, TimeSpan.FromSeconds(100));

        var sample = rates.Update(Series, secondValue, is64Bit, (uint)secondUptime, TimeSpan.FromSeconds(100 + seconds));

        sample.Outcome.Should().Be(outcome);
        if (rate is null)
        {
            sample.Rate.Should().BeNull();
        }
        else
        {
            sample.Rate.Should().BeApproximately(rate.Value, 1e-9);
        }
    }

    [Test]
    public void Update_FirstSample_HasNoRate()
    {
        var sample = new CounterRates().Update(Series, 12345, false, 100, TimeSpan.FromSeconds(1));

        sample.Should().Be(new CounterSample(CounterOutcome.First, null));
    }

    [Test]
    public void Update_WidthChangesFromCounter32ToCounter64_StartsAgain()
    {
        // A device that stops answering ifHCInOctets falls back to ifInOctets: the two are not comparable.
        var rates = new CounterRates();
        rates.Update(Series, 5_000_000_000, true, 100, TimeSpan.FromSeconds(1));

        rates.Update(Series, 1000, false, 200, TimeSpan.FromSeconds(2)).Outcome.Should().Be(CounterOutcome.First);
    }

    [Test]
    public void Update_AfterAReboot_TheNextIntervalHasARateAgain()
    {
        var rates = new CounterRates();
        rates.Update(Series, 900000, false, 100000, TimeSpan.FromSeconds(0));
        rates.Update(Series, 1000, false, 500, TimeSpan.FromSeconds(10));

        rates.Update(Series, 3000, false, 1500, TimeSpan.FromSeconds(20)).Should().Be(new CounterSample(CounterOutcome.Rate, 200.0));
    }

    [Test]
    public void ForgetStale_RemovesOnlyThatDevicesSeriesNotUpdatedInThePoll()
    {
        var rates = new CounterRates();
        rates.Update("a\0gone", 1, false, 1, TimeSpan.FromSeconds(1));
        rates.Update("a\0kept", 1, false, 1, TimeSpan.FromSeconds(2));
        rates.Update("b\0other", 1, false, 1, TimeSpan.FromSeconds(1));

        rates.ForgetStale("a\0", TimeSpan.FromSeconds(2));

        rates.Count.Should().Be(2);
        rates.Update("a\0gone", 2, false, 2, TimeSpan.FromSeconds(3)).Outcome.Should().Be(CounterOutcome.First);
    }
}
