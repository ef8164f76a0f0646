using Alpi.HotspotController.Accounting;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Telemetry;
using Alpi.Protocols.LineProtocol;

namespace Alpi.HotspotController.Tests.Telemetry;

public sealed class HotspotTelemetryPointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private static readonly NasClientEntry Borne = new(new NasClient { Name = "borne-place", Address = "192.0.2.10", Secret = "s", GroupName = "libraries" }, "", fromConfiguration: false);

    [Test]
    public void Terminal_WritesCountersAsUnsignedAndTheGaugeAsInteger_WithANanosecondTimestamp()
    {
        var statistics = new RadiusServerStatistics();
        var nas = statistics.For("borne-place");
        nas.CountAccept();
        nas.CountAccept();
        nas.CountReject();
        nas.CountAccounting(AccountingStatusType.Start);
        nas.CountDrop(RadiusDropReason.BadMessageAuthenticator);
        nas.Seen(Now - TimeSpan.FromSeconds(1.5));

        var line = LineProtocolWriter.Format([HotspotTelemetryPoints.Terminal(Borne, nas, 1, TerminalState.Up, Now)]);

        line.Should().Be(
            "hotspot_terminal,group=libraries,nas=borne-place up=true,active_sessions=1i,access_requests=3u,access_accepts=2u,access_rejects=1u,"
            + "accounting_requests=1u,accounting_starts=1u,accounting_interim_updates=0u,accounting_stops=0u,accounting_on_off=0u,accounting_implausible_times=0u,accounting_class_mismatches=0u,mac_auth_mismatches=0u,"
            + "status_server=0u,duplicate_requests=0u,dropped=1u,last_request_age=1.5 1795960800000000000\n");
    }

    [Test]
    public void Terminal_NeverHeardAndStateUnknown_HasZeroCountersAndNoUpField()
    {
        var line = LineProtocolWriter.Format([HotspotTelemetryPoints.Terminal(Borne, null, null, TerminalState.Unknown, Now)]);

        line.Should().StartWith("hotspot_terminal,group=libraries,nas=borne-place access_requests=0u,");
        line.Should().NotContain(" up=").And.NotContain("active_sessions").And.NotContain("last_request_age");
    }

    [Test]
    public void Terminal_Down_WritesUpFalse() =>
        LineProtocolWriter.Format([HotspotTelemetryPoints.Terminal(Borne, null, 0, TerminalState.Down, Now)])
            .Should().Contain(" up=false,active_sessions=0i,");

    [Test]
    public void Terminal_WithTrafficAndCoordinates_WritesOctetCountersRatesAndPosition()
    {
        var placed = new NasClientEntry(new NasClient { Name = "borne-place", Address = "192.0.2.10", Secret = "s", GroupName = "libraries", Latitude = 45.1885, Longitude = 5.7245 }, "", fromConfiguration: false);

        var line = LineProtocolWriter.Format([HotspotTelemetryPoints.Terminal(placed, null, 1, TerminalState.Up, Now, new TerminalTrafficSample(3000, 9000, 10, 30.5))]);

        line.Should().EndWith(",dropped=0u,input_octets=3000u,output_octets=9000u,input_octets_per_second=10,output_octets_per_second=30.5,latitude=45.1885,longitude=5.7245 1795960800000000000\n");
    }

    [Test]
    public void Terminal_FirstTrafficRound_HasCountersButNoRate()
    {
        var line = LineProtocolWriter.Format([HotspotTelemetryPoints.Terminal(Borne, null, 0, TerminalState.Up, Now, new TerminalTrafficSample(0, 0, null, null))]);

        line.Should().Contain(",input_octets=0u,output_octets=0u ").And.NotContain("per_second").And.NotContain("latitude");
    }

    [Test]
    public void Controller_CountsTerminalsByStateAndDropsByReason()
    {
        var statistics = new RadiusServerStatistics();
        statistics.CountUnattributedDrop(RadiusDropReason.UnknownClient);
        statistics.CountUnattributedDrop(RadiusDropReason.UnknownClient);
        statistics.For("a").CountDuplicateResent();
        statistics.For("a").CountDrop(RadiusDropReason.DuplicateInProgress);
        statistics.For("b").CountReject();
        var coa = new CoaStatistics();
        coa.CountRequest();
        coa.CountOutcome(CoaOutcome.Acked);

        var point = HotspotTelemetryPoints.Controller(statistics, coa, [TerminalState.Up, TerminalState.Down, TerminalState.Unknown, TerminalState.Up], 7, 3, 2, 1, 4, Now);

        point.Measurement.Should().Be("alpi_hotspot");
        point.Timestamp.Should().Be(1_795_960_800_000_000_000);
        var fields = point.Fields.ToDictionary(f => f.Key, f => f.Value.ToString());
        fields.Should().Contain(new Dictionary<string, string>
        {
            ["terminals"] = "4i",
            ["terminals_up"] = "2i",
            ["terminals_down"] = "1i",
            ["terminals_unknown"] = "1i",
            ["active_sessions"] = "7i",
            ["access_rejects"] = "1u",
            ["duplicate_requests"] = "1u",
            ["dropped_unknown_client"] = "2u",
            ["dropped_duplicate_in_progress"] = "1u",
            ["dropped_malformed"] = "0u",
            ["coa_requests"] = "1u",
            ["coa_acked"] = "1u",
            ["coa_timed_out"] = "0u",
            ["telemetry_queued"] = "3i",
            ["telemetry_dropped"] = "2u",
            ["telemetry_rejected"] = "1u",
            ["audit_failures"] = "4u", // audit entries that could not be written
        });
        fields.Keys.Where(k => k.StartsWith("dropped_", StringComparison.Ordinal)).Should().HaveCount(RadiusDropReasonNames.All.Count);
    }
}
