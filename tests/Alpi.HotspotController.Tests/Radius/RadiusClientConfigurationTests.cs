using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>NAS clients declared in configuration, the per-client Message-Authenticator opt-out, and <c>nas add</c> taking effect without a restart, with radclient as the NAS.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RadiusClientConfigurationTests
{
    [Test]
    public async Task AnOptedOutConfiguredClient_IsAnsweredWithoutMessageAuthenticator_ButNotWithABareProxyState()
    {
        await using var harness = await RadiusHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Radius:Clients:0:Name"] = "legacy-ap",
            ["Hotspot:Radius:Clients:0:Address"] = "127.0.0.0/8",
            ["Hotspot:Radius:Clients:0:Secret"] = "legacy-secret",
            ["Hotspot:Radius:Clients:0:RequireMessageAuthenticator"] = "false",
        }, storeNas: false);
        await harness.Get<AccountStore>().CreateAsync("legacy@example.org", null, AccountPasswords.Hash("correct horse"), null, TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var (exit, output) = await Radclient.RunAsync(harness.AuthPort, "auth", "User-Name = \"legacy@example.org\", User-Password = \"correct horse\"", secret: "legacy-secret");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Access-Accept").And.Contain("Message-Authenticator = 0x", "replies are always signed, first");
        harness.Statistics.Find("legacy-ap")!.AccessAccepts.Should().Be(1);

        // Proxy-State without Message-Authenticator is the Blast-RADIUS forgery's shape: dropped even for a legacy NAS.
        var (forgedExit, _) = await Radclient.RunAsync(harness.AuthPort, "auth", "User-Name = \"legacy@example.org\", User-Password = \"correct horse\", Proxy-State = 0x0102", secret: "legacy-secret", timeoutSeconds: 1);
        forgedExit.Should().NotBe(0);
        harness.Statistics.GetDropped(RadiusDropReason.ProxyStateWithoutMessageAuthenticator).Should().Be(1);
    }

    [Test]
    public async Task ANasAddedToTheDatabase_IsServedWithoutARestart()
    {
        await using var harness = await RadiusHarness.StartAsync(storeNas: false);
        const string request = "User-Name = \"02-00-00-00-0a-01\", User-Password = \"02-00-00-00-0a-01\", Message-Authenticator = 0x00";

        var (unknownExit, _) = await Radclient.RunAsync(harness.AuthPort, "auth", request, timeoutSeconds: 1);
        unknownExit.Should().NotBe(0);
        harness.Statistics.UnknownClientDrops.Should().BeGreaterThanOrEqualTo(1);

        // As `nas add` does from another process: only the database changes.
        await harness.Get<NasClientStore>().UpsertAsync(new NasClient { Name = "new-ap", Address = "127.0.0.1", Secret = RadiusHarness.Secret }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var (_, output) = await Radclient.RunAsync(harness.AuthPort, "auth", request);
        output.Should().Contain("Received Access-Reject", "the device is unknown, but the NAS now is");
        harness.Statistics.Find("new-ap")!.AccessRejects.Should().Be(1);
    }
}
