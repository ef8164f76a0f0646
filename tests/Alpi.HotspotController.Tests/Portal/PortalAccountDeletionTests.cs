using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Tests.Coa;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// A citizen deleting their account on the portal while connected, their terminal answering the Disconnect-Request
/// (RFC 5176) or not: the page says whether the connection was cut, and comes at once when the terminal is silent.
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

    // The page waited for the Disconnect-Request's every try (3 × 3 s by default: ~9.5 s) when the terminal did not
    // answer: a citizen on a phone saw nothing happen. The account is deleted and answered at once; the terminal is still
    // asked, in the background, all its tries, and the outcome audited; the legal connection log keeps the session.
    [TestCase("fr-FR", "La borne Wi-Fi a été priée de couper votre connexion en cours mais ne l'a pas encore confirmé", TestName = "Deletion_TerminalNeverAnswers_PageComesAtOnce_DisconnectionGoesOn_InFrench")]
    [TestCase("en-GB", "The Wi-Fi terminal was asked to cut your current connection but has not confirmed it yet", TestName = "Deletion_TerminalNeverAnswers_PageComesAtOnce_DisconnectionGoesOn_InEnglish")]
    public async Task Deletion_TerminalNeverAnswers_PageComesAtOnce_DisconnectionGoesOn(string language, string pending)
    {
        // The CoA client's defaults (Timeout 3 s, Retries 2), and a terminal's CoA port that swallows every datagram.
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "10000" });
        await using var nas = new TestNas(NasSecret, _ => []);
        var stopwatch = Stopwatch.StartNew();

        var (status, page, login, session) = await DeleteWhileConnectedAsync(nas, language, portal, stopwatch);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2.5), "the page must not wait for a silent terminal (first CoA timeout 3 s, all tries ~9 s)");
        status.Should().Be(HttpStatusCode.OK);
        page.Should().Contain(pending);
        nas.Requests.Should().ContainSingle("the terminal was asked before the answer, once so far");
        (await portal.Services.GetRequiredService<AccountStore>().FindByLoginAsync(login, CancellationToken.None)).Should().BeNull("the deletion is committed before the answer");
        var audit = portal.Services.GetRequiredService<AuditLog>();
        var deleted = (await audit.ListAsync(100, AuditActions.UserDelete, CancellationToken.None)).Should().ContainSingle().Subject;
        deleted.Actor.Should().Be(AuditActors.Portal);
        deleted.Details.Should().Contain($"\"login\":\"{login}\"").And.Contain("\"sessions\":\"1\"");

        // The legal connection log keeps the session and its account, also once the terminal's Stop comes (accounting no
        // longer finds the account then, and records no login).
        var sessions = portal.Services.GetRequiredService<SessionStore>();
        (await sessions.FindAsync(session.Nas, session.AcctSessionId, CancellationToken.None))!.AccountLogin.Should().Be(login);
        var stopped = await sessions.ApplyAsync(new SessionUpdate
        {
            Nas = session.Nas, AcctSessionId = session.AcctSessionId, Event = SessionEvent.Stop, At = DateTimeOffset.UtcNow, UserName = login,
            TerminateCause = "Admin-Reset",
        }, CancellationToken.None);
        stopped.AccountLogin.Should().Be(login);
        stopped.StoppedUnixMs.Should().NotBeNull();

        // The terminal is still asked after the answer, all three tries, and the outcome is audited as the admin's deletion's.
        var entry = await WaitForAsync(async () => (await audit.ListAsync(100, AuditActions.SessionDisconnect, CancellationToken.None)).SingleOrDefault(), TimeSpan.FromSeconds(20));
        entry.Actor.Should().Be(AuditActors.Portal);
        using var details = JsonDocument.Parse(entry.Details!);
        details.RootElement.GetProperty("login").GetString().Should().Be(login);
        details.RootElement.GetProperty("acct_session_id").GetString().Should().Be(session.AcctSessionId);
        details.RootElement.GetProperty("outcome").GetString().Should().Be(nameof(Alpi.HotspotController.Coa.CoaOutcome.TimedOut));
        nas.Requests.Should().HaveCount(3, "the Disconnect-Request and its 2 retransmissions, sent after the page was answered");
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            deadline.Elapsed.Should().BeLessThan(timeout, "the background disconnection should have ended and been audited by now");
            await Task.Delay(100);
        }
    }

    /// <summary>Creates an account with an open session at a terminal answering as <paramref name="nas"/> does, deletes it on the portal, and returns the page (HTML decoded).</summary>
    private async Task<string> DeleteWhileConnectedAsync(TestNas nas, string language)
    {
        var (status, page, _, _) = await DeleteWhileConnectedAsync(nas, language, _portal, null);
        status.Should().Be(HttpStatusCode.OK);
        nas.Requests.Should().ContainSingle("the terminal was asked to cut the session");
        return page;
    }

    /// <summary>
    /// As above, on <paramref name="portal"/>; <paramref name="stopwatch"/>, when given, is restarted just before the
    /// deletion's POST and stopped when its answer is read. Returns the answer's status, the page, the login and the session.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Page, string Login, HotspotSession Session)> DeleteWhileConnectedAsync(TestNas nas, string language, PortalHarness portal, Stopwatch? stopwatch)
    {
        var n = Interlocked.Increment(ref _next);
        var login = $"deleting-{n}@example.org";
        var account = await portal.CreateAccountAsync(login, "correct horse");
        var mac = $"02-00-00-00-0D-{n:X2}";
        await portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(MacAddress.Parse(mac), account.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await portal.AddNasAsync($"borne-suppression-{n}", "127.0.0.1", NasSecret, nas.Port);
        var session = await portal.Services.GetRequiredService<SessionStore>().ApplyAsync(new SessionUpdate
        {
            Nas = $"borne-suppression-{n}", AcctSessionId = $"del-{n}", Event = SessionEvent.Start, At = DateTimeOffset.UtcNow,
            UserName = login, AccountLogin = login, Mac = mac, FramedIp = $"10.1.1.{n}",
        }, CancellationToken.None);
        using var client = portal.NewClient(language);
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PortalHttpTests.PostAsync(client, "/portal/account/login", loginPage, ("login", login), ("password", "correct horse"))).Dispose();
        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));

        stopwatch?.Restart();
        using var delete = await PortalHttpTests.PostAsync(client, "/portal/account/delete", accountPage, ("confirm", "1"));
        var page = WebUtility.HtmlDecode(await delete.Content.ReadAsStringAsync());
        stopwatch?.Stop();

        return (delete.StatusCode, page, login, session);
    }
}
