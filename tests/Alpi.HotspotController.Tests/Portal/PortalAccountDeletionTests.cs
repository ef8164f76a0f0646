using System.Net;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Tests.Coa;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// A citizen deleting their account on the portal while connected, their terminal answering the Disconnect-Request
/// (RFC 5176) or not: the page says whether the connection was cut.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PortalAccountDeletionTests
{
    private const string NasSecret = "delete-secret";
    private PortalHarness _portal = null!;
    private int _next;

    [OneTimeSetUp]
    public async Task Start() => _portal = await PortalHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "10000",
        ["Hotspot:Coa:Timeout"] = "00:00:00.3",
        ["Hotspot:Coa:Retries"] = "0",
    });

    [OneTimeTearDown]
    public async Task Stop() => await _portal.DisposeAsync();

    // The terminal did not answer (CoA TimedOut) and the page still said only "account deleted": the citizen believed
    // the connection cut while the terminal could keep it open until it timed out.
    [TestCase("fr-FR", "Compte supprimé", "la borne Wi-Fi n'a pas confirmé la coupure de votre connexion en cours", TestName = "Deletion_TerminalSilent_SaysTheConnectionMayStayOpen_InFrench")]
    [TestCase("en-GB", "Account deleted", "the Wi-Fi terminal did not confirm that your current connection was cut", TestName = "Deletion_TerminalSilent_SaysTheConnectionMayStayOpen_InEnglish")]
    public async Task Deletion_TerminalSilent_SaysTheConnectionMayStayOpen(string language, string title, string notConfirmed)
    {
        await using var nas = new TestNas(NasSecret, _ => []);

        var page = await DeleteWhileConnectedAsync(nas, language);

        page.Should().Contain(title).And.Contain(notConfirmed);
    }

    [Test]
    public async Task Deletion_TerminalNaks_SaysTheConnectionMayStayOpen()
    {
        await using var nas = new TestNas(NasSecret, _ => [new TestNas.Reply(Alpi.Protocols.Radius.RadiusCode.DisconnectNak, 502)]);

        (await DeleteWhileConnectedAsync(nas, "fr-FR")).Should().Contain("la borne Wi-Fi n'a pas confirmé");
    }

    [Test]
    public async Task Deletion_TerminalAcks_SaysDeletedOnly()
    {
        await using var nas = new TestNas(NasSecret, TestNas.Ack);

        (await DeleteWhileConnectedAsync(nas, "fr-FR")).Should().Contain("Votre compte et vos appareils ont été supprimés.").And.NotContain("n'a pas confirmé");
    }

    /// <summary>Creates an account with an open session at a terminal answering as <paramref name="nas"/> does, deletes it on the portal, and returns the page (HTML decoded).</summary>
    private async Task<string> DeleteWhileConnectedAsync(TestNas nas, string language)
    {
        var n = Interlocked.Increment(ref _next);
        var login = $"deleting-{n}@example.org";
        var account = await _portal.CreateAccountAsync(login, "correct horse");
        var mac = $"02-00-00-00-0D-{n:X2}";
        await _portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(MacAddress.Parse(mac), account.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await _portal.AddNasAsync($"borne-suppression-{n}", "127.0.0.1", NasSecret, nas.Port);
        await _portal.Services.GetRequiredService<SessionStore>().ApplyAsync(new SessionUpdate
        {
            Nas = $"borne-suppression-{n}", AcctSessionId = $"del-{n}", Event = SessionEvent.Start, At = DateTimeOffset.UtcNow,
            UserName = login, AccountLogin = login, Mac = mac, FramedIp = $"10.1.1.{n}",
        }, CancellationToken.None);
        using var client = _portal.NewClient(language);
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PortalHttpTests.PostAsync(client, "/portal/account/login", loginPage, ("login", login), ("password", "correct horse"))).Dispose();
        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));

        using var delete = await PortalHttpTests.PostAsync(client, "/portal/account/delete", accountPage, ("confirm", "1"));

        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        nas.Requests.Should().ContainSingle("the terminal was asked to cut the session");
        return WebUtility.HtmlDecode(await delete.Content.ReadAsStringAsync());
    }
}
