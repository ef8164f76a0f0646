using Alpi.HotspotController.Accounting;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Tests.Coa;
using Alpi.HotspotController.Tests.Radius;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Accounting;

/// <summary>
/// Quota exhaustion end to end on 127.0.0.1: radclient accounts a session for NAS <see cref="RadiusHarness.NasName"/>,
/// whose group has a total octet quota, and a test NAS (<see cref="TestNas"/>) on the NAS client's CoA port receives the
/// controller's Disconnect-Request and ACKs it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class QuotaEnforcerTests
{
    private const long Quota = 1_000_000;

    [Test]
    public async Task InterimOverTheTotalQuota_SendsOneDisconnectRequest_WithoutDelayingTheAccountingResponse()
    {
        using var release = new ManualResetEventSlim(false);
        await using var nas = new TestNas(RadiusHarness.Secret, received =>
        {
            // The NAS holds its ACK until the test has its Accounting-Responses: the controller must not be waiting for it.
            release.Wait(TimeSpan.FromSeconds(30));
            return TestNas.Ack(received);
        });
        await using var harness = await RadiusHarness.StartAsync(new Dictionary<string, string?>
        {
            [$"Hotspot:Policies:{RadiusHarness.NasGroup}:MaxTotalOctets"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hotspot:Coa:Timeout"] = "00:00:30",
            ["Hotspot:Coa:Retries"] = "0",
        });
        await harness.Get<NasClientStore>().UpsertAsync(new NasClient
        {
            Name = RadiusHarness.NasName, Address = "127.0.0.1", Secret = RadiusHarness.Secret, GroupName = RadiusHarness.NasGroup, CoaPort = nas.Port,
        }, CancellationToken.None);
        await harness.Get<NasClientRegistry>().RefreshAsync(CancellationToken.None);
        var quotas = harness.Get<QuotaEnforcer>();
        const string common = "Acct-Session-Id = \"quota-1\", User-Name = \"02-00-00-00-09-01\", Calling-Station-Id = \"02-00-00-00-09-01\"";
        try
        {
            (await Radclient.RunAsync(harness.AcctPort, "acct", $"Acct-Status-Type = Start, {common}")).ExitCode.Should().Be(0);
            var (underExit, underOutput) = await Radclient.RunAsync(harness.AcctPort, "acct",
                $"Acct-Status-Type = Interim-Update, {common}, Acct-Input-Octets = 400000, Acct-Output-Octets = 600000");
            underExit.Should().Be(0, underOutput);
            quotas.Exceeded.Should().Be(0, "exactly the quota is not over it");

            var (overExit, overOutput) = await Radclient.RunAsync(harness.AcctPort, "acct",
                $"Acct-Status-Type = Interim-Update, {common}, Acct-Input-Octets = 400001, Acct-Output-Octets = 600000");
            overExit.Should().Be(0, "the Accounting-Response does not wait for the Disconnect-Request's ACK: " + overOutput);
            quotas.Exceeded.Should().Be(1);

            var (againExit, againOutput) = await Radclient.RunAsync(harness.AcctPort, "acct",
                $"Acct-Status-Type = Interim-Update, {common}, Acct-Input-Octets = 900000, Acct-Output-Octets = 900000");
            againExit.Should().Be(0, againOutput);
            quotas.Exceeded.Should().Be(1, "a session is cut once");
        }
        finally
        {
            release.Set();
        }

        await quotas.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        quotas.Acked.Should().Be(1);
        quotas.Failed.Should().Be(0);
        var request = nas.Requests.Should().ContainSingle().Subject;
        request.Packet.Code.Should().Be(RadiusCode.DisconnectRequest);
        request.RequestAuthenticatorValid.Should().BeTrue();
        request.MessageAuthenticator.Should().Be(RadiusMessageAuthenticatorResult.Valid);
        request.Text(RadiusAttributeType.AcctSessionId).Should().Be("quota-1");
        request.Text(RadiusAttributeType.CallingStationId).Should().Be("02-00-00-00-09-01");
    }

    [Test]
    public async Task SessionOfAGroupWithoutQuota_IsNeverCut()
    {
        await using var harness = await RadiusHarness.StartAsync();

        var (exit, output) = await Radclient.RunAsync(harness.AcctPort, "acct",
            "Acct-Status-Type = Interim-Update, Acct-Session-Id = \"quota-2\", Acct-Input-Octets = 4000000000, Acct-Input-Gigawords = 7");

        exit.Should().Be(0, output);
        harness.Get<QuotaEnforcer>().Exceeded.Should().Be(0);
    }
}
