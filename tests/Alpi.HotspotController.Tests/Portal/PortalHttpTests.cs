using System.Net;
using System.Text.Json;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>The portal over HTTP, the controller started in-process on a free loopback port.</summary>
[TestFixture]
[Category("Integration")]
public sealed class PortalHttpTests
{
    private PortalHarness _portal = null!;
    private int _nextMac;

    [OneTimeSetUp]
    public async Task Start() =>
        _portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "10000" });

    [OneTimeTearDown]
    public async Task Stop() => await _portal.DisposeAsync();

    private string NextMac() => $"02-00-00-00-{Interlocked.Increment(ref _nextMac) / 256:X2}-{_nextMac % 256:X2}";

    [Test]
    public async Task Root_WithoutUamQuery_IsTheHomePage()
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<html lang=\"fr\">").And.Contain("Wi-Fi public Cigale");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'").And.NotContain("script-src");
    }

    // The home page (no UAM query: opened directly, not sent by a terminal) ended with a "Retour" link to "/", itself.
    [TestCase("/", "fr-FR")]
    [TestCase("/?utm=affiche", "en-GB")]
    public async Task HomePage_HasNoLinkBackToItself(string path, string language)
    {
        using var client = _portal.NewClient(language);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));

        html.Should().Contain(language == "fr-FR" ? "la borne vous conduira ici" : "the terminal will bring you here");
        html.Should().NotContain("href=\"/\"", "a link to the home page from the home page leads nowhere");
    }

    // Elsewhere the link leads to the home page, which says how to connect through a terminal, and says so.
    [TestCase("fr-FR", "<a href=\"/\">Accueil du portail</a>")]
    [TestCase("en-GB", "<a href=\"/\">Portal home</a>")]
    public async Task MessagePage_ElsewhereLinksToTheHomePage_NamingIt(string language, string link)
    {
        using var client = _portal.NewClient(language);
        using var response = await client.GetAsync(new Uri("/portal/verify-email?token=forged", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain(link);
    }

    [Test]
    public async Task SignedNotYet_ShowsLoginAndRegistration_WithAProtectedContext()
    {
        using var client = _portal.NewClient();
        var mac = NextMac();
        using var response = await client.GetAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac)));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain("action=\"/portal/login\"").And.Contain("action=\"/portal/register\"").And.Contain(mac);
        PortalHarness.HiddenField(html, "csrf").Should().NotBeEmpty();
        PortalHarness.HiddenField(html, "context").Should().NotContain("10.1.0.1", "the context is encrypted");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("form-action 'self' http://10.1.0.1:3990");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("no-referrer");
    }

    [TestCase("success", "Vous êtes connecté")]
    [TestCase("logoff", "Vous êtes déconnecté")]
    [TestCase("already", "Vous êtes déjà connecté")]
    public async Task OtherVerdicts_ShowTheirPage_WithTheUserUrlAsALinkOnly(string res, string title)
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri(_portal.LandingUrl(res, null, NextMac(), userUrl: "http://example.org/page")));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain(title);
        if (res != "logoff")
        {
            html.Should().Contain("href=\"http://example.org/page\"");
        }

        html.Should().NotContain("http-equiv=\"refresh\"");
    }

    [Test]
    public async Task KeyRing_SigningThePortalsTokens_IsInAFolderOfTheServiceUserAlone()
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the page carries an anti-forgery token, so the key ring exists");

        var keys = Path.Combine(_portal.DataDirectory, "portal-keys");
        Directory.EnumerateFiles(keys, "*.xml").Should().NotBeEmpty();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keys).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public async Task Failed_WithAnUnknownReply_ShowsAGenericTextInThePagesLanguage_NotTheReply_AndTheFormsAgain()
    {
        using var client = _portal.NewClient();
        var url = _portal.LandingUrl("failed", PortalHarness.NewChallenge(), NextMac(), reply: "<script>alert(1)</script> Session limit reached");
        using var response = await client.GetAsync(new Uri(url));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("La connexion a échoué").And.Contain("La borne a refusé la connexion.")
            .And.NotContain("alert(1)").And.NotContain("Session limit reached", "a server's own words may be in any language");
        html.Should().Contain("action=\"/portal/login\"");
    }

    // The Reply-Messages of this controller's Access-Reject (AccessRejectReasons.ToReplyMessage), which CoovaChilli
    // passes as reply: the user found "Device blocked" in English inside the French page, under a text about the password.
    [TestCase("fr-FR", "Device blocked", "Cet appareil (02-00-00-00-AA-01) est bloqué par l'opérateur du réseau", "Vérifiez votre adresse e-mail")]
    [TestCase("en-GB", "Device blocked", "This device (02-00-00-00-AA-01) is blocked by the network operator", "Check your e-mail address")]
    [TestCase("fr-FR", "Account blocked", "Ce compte est bloqué.", "Vérifiez votre adresse e-mail")]
    [TestCase("fr-FR", "Wrong login or password", "Vérifiez votre adresse e-mail et votre mot de passe", "La borne a refusé")]
    [TestCase("fr-FR", "Device not registered", "La borne a refusé la connexion.", "Vérifiez votre adresse e-mail")]
    [TestCase("fr-FR", "Logon token issued for another device", "préparée pour un autre appareil", "Vérifiez votre adresse e-mail")]
    [TestCase("en-GB", "Logon token issued for another device", "prepared for another device", "Check your e-mail address")]
    public async Task Failed_WithTheControllersReply_SaysItInThePagesLanguage(string language, string reply, string expected, string notExpected)
    {
        using var client = _portal.NewClient(language);
        var url = _portal.LandingUrl("failed", PortalHarness.NewChallenge(), "02-00-00-00-AA-01", reply: reply);
        using var response = await client.GetAsync(new Uri(url));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain(expected).And.NotContain(notExpected).And.NotContain(reply, "the English Reply-Message is not shown as such");
    }

    [TestCase("fr-FR,fr;q=0.9", "est bloqué par l'opérateur du réseau")]
    [TestCase("en-GB,en;q=0.9", "is blocked by the network operator")]
    public async Task Login_FromABlockedDevice_IsRefused_SayingSo_WithoutAToken(string language, string message)
    {
        // It used to issue a logon token and redirect to /logon, where RADIUS rejected it ("Device blocked").
        var login = $"blocked-device-{language[..2]}@example.org";
        var account = await _portal.CreateAccountAsync(login, "correct horse");
        var mac = MacAddress.Parse(NextMac());
        var devices = _portal.Services.GetRequiredService<DeviceStore>();
        await devices.RegisterAsync(mac, account.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await devices.SetBlockedAsync(mac, true, CancellationToken.None);
        using var client = _portal.NewClient(language);
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac.Value)));

        using var response = await PostAsync(client, "/portal/login", page, ("login", login), ("password", "correct horse"));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, html);
        html.Should().Contain($"({mac.Value}) {message}");
        (await _portal.Services.GetRequiredService<HotspotController.Accounts.LogonTokenStore>().ListValidAsync(login, DateTimeOffset.FromUnixTimeSeconds(0), CancellationToken.None))
            .Should().BeEmpty();
    }

    [TestCase("uamport=3990", "uamport=3991")] // a parameter changed after signing
    [TestCase("uamip=10.1.0.1", "uamip=10.6.6.6")]
    public async Task TamperedLink_Is403_AndCounted(string original, string changed)
    {
        using var client = _portal.NewClient();
        var before = _portal.Metrics.TamperedLinks;
        var url = _portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac()).Replace(original, changed, StringComparison.Ordinal);
        using var response = await client.GetAsync(new Uri(url));
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Lien de connexion altéré");
        _portal.Metrics.TamperedLinks.Should().Be(before + 1);
    }

    [Test]
    public async Task UnsignedLink_IsRefused_WhenASecretIsConfigured()
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac(), secret: null)));
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task AppendedUserUrl_AfterTheSignature_IsRefused()
    {
        using var client = _portal.NewClient();
        var url = _portal.LandingUrl("success", null, NextMac()) + "&userurl=javascript%3Aalert(1)";
        using var response = await client.GetAsync(new Uri(url));
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [TestCase("uamip", "evil.example")]
    [TestCase("uamport", "99999")]
    [TestCase("challenge", "xyz")]
    [TestCase("mac", "banana")]
    public async Task SignedButMalformed_Is400_NamingTheParameter_AndCounted(string parameter, string value)
    {
        using var client = _portal.NewClient();
        var before = _portal.Metrics.BadRequests;
        var challenge = parameter == "challenge" ? value : PortalHarness.NewChallenge();
        var url = PortalHarness.BuildLandingUrl(_portal.BaseUrl, "notyet", challenge, parameter == "mac" ? value : NextMac(), null,
            parameter == "uamip" ? value : "10.1.0.1", 3990, PortalHarness.UamSecret);
        if (parameter == "uamport")
        {
            url = PortalHarness.BuildLandingUrl(_portal.BaseUrl, "notyet", challenge, NextMac(), null, "10.1.0.1", 99999, PortalHarness.UamSecret);
        }

        using var response = await client.GetAsync(new Uri(url));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, html);
        html.Should().Contain("Lien de connexion invalide").And.Contain($"« {parameter} »");
        _portal.Metrics.BadRequests.Should().Be(before + 1);
    }

    [Test]
    public async Task Login_RedirectsToTheTerminalsLogon_WithAResponseThatVerifies()
    {
        await _portal.CreateAccountAsync("alice@example.org", "correct horse");
        using var client = _portal.NewClient();
        var challenge = PortalHarness.NewChallenge();
        var mac = NextMac();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", challenge, mac, userUrl: "http://example.org/news?id=1")));

        using var response = await PostAsync(client, "/portal/login", page, ("login", "Alice@Example.org "), ("password", "correct horse"));

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).Should().Be("http://10.1.0.1:3990/logon");
        var query = QueryHelpers.ParseQuery(location.Query);
        query["username"].ToString().Should().Be("alice@example.org", "the account's login as stored");
        query["userurl"].ToString().Should().Be("http://example.org/news?id=1");
        query["response"].ToString().Should().MatchRegex("^[0-9a-f]{32}$");
        (await _portal.ResponseVerifiesAsync("alice@example.org", query["response"]!, challenge)).Should().BeTrue();
        (await _portal.ResponseVerifiesAsync("alice@example.org", query["response"]!, PortalHarness.NewChallenge())).Should().BeFalse();
    }

    [Test]
    public async Task Login_WithAWrongPassword_StaysOnThePage_WithAnError()
    {
        await _portal.CreateAccountAsync("bob@example.org", "correct horse");
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/login", page, ("login", "bob@example.org"), ("password", "wrong horse"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("Adresse e-mail ou mot de passe incorrect.").And.Contain("value=\"bob@example.org\"").And.NotContain("wrong horse");
    }

    [Test]
    public async Task Login_OfABlockedAccount_IsRefused_WithoutAToken()
    {
        await _portal.CreateAccountAsync("carol@example.org", "correct horse", blocked: true);
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/login", page, ("login", "carol@example.org"), ("password", "correct horse"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Ce compte est bloqué");
        var tokens = await _portal.Services.GetRequiredService<HotspotController.Accounts.LogonTokenStore>()
            .ListValidAsync("carol@example.org", DateTimeOffset.FromUnixTimeSeconds(0), CancellationToken.None);
        tokens.Should().BeEmpty();
    }

    [Test]
    public async Task Registration_OfALoginLeftApartInOtherSpellingsBySchema7_IsRefusedAsAnExistingAccount()
    {
        // Two spellings left apart by migration 7 (none canonical): registering the canonical one made a third account.
        var database = _portal.Services.GetRequiredService<HotspotController.Storage.HotspotDatabase>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            // Active now: the purge of inactive accounts, which may run meanwhile, leaves them.
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
                + "('Ren\u00E9e@collide.example.org', 'h', @now, @now), ('rene\u0301e@collide.example.org', 'h', @now, @now)", new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        }

        // The portal's store read the logins left apart when an earlier test created an account; these came after.
        _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().ReadLeftApartLoginsAgain();

        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        using var response = await PostAsync(client, "/portal/register", page,
            ("email", "ren\u00E9e@collide.example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Should().Contain("Un compte existe déjà avec cette adresse");
        (await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().ListAsync(CancellationToken.None))
            .Count(a => a.Login.EndsWith("@collide.example.org", StringComparison.Ordinal)).Should().Be(2);
    }

    [Test]
    public async Task Registration_CreatesTheAccount_RegistersTheDevice_AndLogsOn()
    {
        using var client = _portal.NewClient();
        var challenge = PortalHarness.NewChallenge();
        var mac = NextMac();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", challenge, mac)));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", "dave@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        (await _portal.ResponseVerifiesAsync("dave@example.org", query["response"]!, challenge)).Should().BeTrue();
        var device = await _portal.FindDeviceAsync(mac);
        device!.Login.Should().Be("dave@example.org");
        device.ExpiresUnixMs.Should().BeGreaterThan(DateTimeOffset.FromUnixTimeMilliseconds(device.RegisteredUnixMs).AddDays(89).ToUnixTimeMilliseconds());
        var account = await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().FindByLoginAsync("dave@example.org", CancellationToken.None);
        account!.TermsAcceptedUnixMs.Should().NotBeNull();
        account.PasswordHash.Should().NotContain("a long passphrase");
    }

    [TestCase("not-an-email", "a long passphrase", "1", "1", "Saisissez une adresse e-mail valide")]
    [TestCase("\"erin<U+0001>x\"@example.org", "a long passphrase", "1", "1", "L'adresse e-mail contient un caractère de contrôle (U+0001)")] // a quoted control character: MailAddress takes it
    [TestCase("er\u200Bin@example.org", "a long passphrase", "1", "1", "L'adresse e-mail contient un caractère invisible (U+200B)")] // a zero-width space, pasted: named, as the CLI names it
    [TestCase("erin@example.org", "short", "1", "1", "Le mot de passe doit compter au moins 8 caractères.")]
    // 70 characters, but 140 octets in UTF-8 (over RADIUS PAP's 128, RFC 2865 §5.2): it was refused as "de 8 à 128 caractères", then in octets, a word a citizen does not know.
    [TestCase("erin@example.org", "<70é>", "1", "1", "Le mot de passe est trop long : au plus 128 caractères, moins avec des lettres accentuées (é, ç…), des emojis ou d'autres alphabets")]
    [TestCase("erin@example.org", "a long passphrase", "", "1", "Acceptez les conditions d'utilisation")]
    [TestCase("erin@example.org", "a long passphrase", "1", "", "Confirmez avoir lu la notice")]
    public async Task Registration_WithAnError_SaysWhich_AndCreatesNothing(string email, string password, string terms, string privacy, string message)
    {
        email = email.Replace("<U+0001>", "\u0001", StringComparison.Ordinal); // written out: the test runner drops a case whose name holds it
        password = password == "<70é>" ? new string('é', 70) : password;
        using var client = _portal.NewClient();
        var mac = NextMac();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac)));

        using var response = await PostAsync(client, "/portal/register", page, ("email", email), ("password", password), ("terms", terms), ("privacy", privacy));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Should().Contain(message);
        (await _portal.FindDeviceAsync(mac)).Should().BeNull();
        (await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().ListAsync(CancellationToken.None)).Should().NotContain(a => a.Login == email.Trim());
    }

    // Each case: an address holding an invisible character, and the page's language: the message names its code point.
    [TestCase("fr-FR,fr;q=0.9", "er\u200Bin@example.org", "L'adresse e-mail contient un caractère invisible (U+200B), qui n'est pas admis")] // zero-width space
    [TestCase("en-GB,en;q=0.9", "er\u200Bin@example.org", "The e-mail address contains an invisible format character (U+200B), which is not allowed")]
    [TestCase("en-GB,en;q=0.9", "erin@exam\u00ADple.org", "contains an invisible format character (U+00AD)")] // soft hyphen
    [TestCase("fr-FR,fr;q=0.9", "erin\u00A0@example.org", "contient un espace (U+00A0)")] // no-break space inside, kept by the trimming
    public async Task Registration_WithAnInvisibleCharacter_NamesIt_InThePagesLanguage(string language, string email, string message)
    {
        using var client = _portal.NewClient(language);
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/register", page, ("email", email), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Should().Contain(message);
    }

    [TestCase("fr-FR,fr;q=0.9", "Cet appareil (AA-BB-CC-DD-EE-02) est bloqué par l'opérateur du réseau")]
    [TestCase("en-GB,en;q=0.9", "This device (AA-BB-CC-DD-EE-02) is blocked by the network operator")]
    public async Task Registration_FromABlockedDevice_IsRefused_SayingSo_AndNeitherCreatesTheAccountNorLiftsTheBlock(string language, string message)
    {
        // The user's finding: blocking AA-BB-CC-DD-EE-02, then registering carol from it, moved it to carol unblocked.
        var owner = await _portal.CreateAccountAsync($"owner-{language[..2]}@example.org", "correct horse");
        var mac = MacAddress.Parse("AA-BB-CC-DD-EE-02");
        var devices = _portal.Services.GetRequiredService<DeviceStore>();
        await devices.RegisterAsync(mac, owner.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await devices.SetBlockedAsync(mac, true, CancellationToken.None);
        using var client = _portal.NewClient(language);
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac.Value)));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", $"carol-{language[..2]}@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, html);
        html.Should().Contain(message);
        var device = await _portal.FindDeviceAsync(mac.Value);
        device!.Blocked.Should().BeTrue();
        device.Login.Should().Be(owner.Login);
        (await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().FindByLoginAsync($"carol-{language[..2]}@example.org", CancellationToken.None))
            .Should().BeNull();
    }

    [Test]
    public async Task Registration_MovingADevice_FromAnotherAccount_IsAudited_WithThePreviousOwner()
    {
        var owner = await _portal.CreateAccountAsync("previous-owner@example.org", "correct horse");
        var mac = MacAddress.Parse(NextMac());
        await _portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(mac, owner.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac.Value)));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", "new-owner@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        var entries = await _portal.Services.GetRequiredService<AuditLog>().ListAsync(1000, AuditActions.DeviceRegister, CancellationToken.None);
        var entry = entries.Should().ContainSingle(e => e.Details!.Contains(mac.Value, StringComparison.Ordinal)).Subject;
        entry.Actor.Should().Be(AuditActors.Portal);
        using var details = JsonDocument.Parse(entry.Details!);
        details.RootElement.GetProperty("login").GetString().Should().Be("new-owner@example.org");
        details.RootElement.GetProperty("previous_login").GetString().Should().Be("previous-owner@example.org");
    }

    [Test]
    public async Task Registration_OfAnExistingLogin_AsksToLogIn()
    {
        await _portal.CreateAccountAsync("frank@example.org", "correct horse");
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", "FRANK@example.org"), ("password", "another passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Un compte existe déjà");
    }

    // Each case: another spelling of an existing account's address, from another phone or a paste.
    [TestCase("jose\u0301@example.org")] // NFD
    [TestCase("JOS\u00C9@example.org")] // upper-case É: SQLite's NOCASE let it be a second account
    [TestCase("\uFF4Aose\u0301@example.org")] // fullwidth ｊ
    public async Task Registration_OfAnExistingLoginInAnotherSpelling_AsksToLogIn(string spelling)
    {
        await _portal.CreateAccountAsync("jos\u00E9@example.org", "correct horse");
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", spelling), ("password", "another passphrase"), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Un compte existe déjà");
    }

    [Test]
    public async Task Login_WithTheAddressDecomposed_LogsOnAsTheAccount()
    {
        await _portal.CreateAccountAsync("ren\u00E9@example.org", "correct horse");
        using var client = _portal.NewClient();
        var challenge = PortalHarness.NewChallenge();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", challenge, NextMac())));

        using var response = await PostAsync(client, "/portal/login", page, ("login", "RENE\u0301@example.org"), ("password", "correct horse"));

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        query["username"].ToString().Should().Be("ren\u00E9@example.org", "the account's login as stored, which the terminal sends back as the User-Name");
    }

    [Test]
    public async Task Post_WithoutTheAntiforgeryToken_Is400()
    {
        await _portal.CreateAccountAsync("grace@example.org", "correct horse");
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["context"] = PortalHarness.HiddenField(page, "context"), ["login"] = "grace@example.org", ["password"] = "correct horse",
        });

        using var response = await client.PostAsync(new Uri("/portal/login", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Formulaire expiré");
    }

    [Test]
    public async Task Post_WithAFieldOver16KiB_Is413_NamingTheLimit_NotFormExpired()
    {
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        var before = _portal.Metrics.BadRequests;

        using var response = await PostAsync(client, "/portal/login", page, ("login", "ivan@example.org"), ("password", new string('x', 16 * 1024 + 1)));

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, html);
        html.Should().Contain("Formulaire trop volumineux").And.Contain("16 Kio par champ").And.NotContain("Formulaire expiré");
        _portal.Metrics.BadRequests.Should().Be(before + 1);
    }

    [TestCase(true)] // with Content-Length: refused before reading
    [TestCase(false)] // chunked: refused by the body size limit while reading
    public async Task Post_WithAWholeFormOver64KiB_Is413_NamingTheLimit(bool withContentLength)
    {
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        var fields = new Dictionary<string, string> { ["csrf"] = PortalHarness.HiddenField(page, "csrf"), ["context"] = PortalHarness.HiddenField(page, "context") };
        for (var i = 0; i < 6; i++)
        {
            fields[$"f{i}"] = new string('y', 15 * 1024); // each under the field limit, 90 KiB in all
        }

        using var content = new StringContent(await new FormUrlEncodedContent(fields).ReadAsStringAsync(), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        if (!withContentLength)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/portal/login", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = !withContentLength;
        using var response = await client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, html);
        html.Should().Contain("Formulaire trop volumineux").And.Contain("64 Kio");
    }

    [Test]
    public async Task Post_WithAForgedContext_Is400()
    {
        await _portal.CreateAccountAsync("heidi@example.org", "correct horse");
        using var client = _portal.NewClient();
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));
        var forged = page.Replace(PortalHarness.HiddenField(page, "context"), "CfDJ8forged", StringComparison.Ordinal);

        using var response = await PostAsync(client, "/portal/login", forged, ("login", "heidi@example.org"), ("password", "correct horse"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [TestCase("garbage")]
    [TestCase("")]
    public async Task Post_WithABadBody_Is400_NotACrash(string body)
    {
        using var client = _portal.NewClient();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync(new Uri("/portal/register", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task AccountPage_ListsRemovesDevices_AndDeletesTheAccount()
    {
        var account = await _portal.CreateAccountAsync("ivan@example.org", "correct horse");
        var mac = MacAddress.Parse(NextMac());
        await _portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(mac, account.Id, DateTimeOffset.UnixEpoch.AddYears(56), TimeSpan.FromDays(90), 5, CancellationToken.None);
        using var client = _portal.NewClient();

        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        loginPage.Should().Contain("action=\"/portal/account/login\"");
        using (var login = await PostAsync(client, "/portal/account/login", loginPage, ("login", "ivan@example.org"), ("password", "correct horse")))
        {
            login.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        }

        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        accountPage.Should().Contain($"data-mac=\"{mac.Value}\"").And.Contain("Conservé 365 jours après la fin de chaque connexion");

        using (var remove = await PostAsync(client, "/portal/account/devices/remove", accountPage, ("mac", mac.Value)))
        {
            remove.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        }

        (await _portal.FindDeviceAsync(mac.Value)).Should().BeNull();
        accountPage = await client.GetStringAsync(new Uri("/portal/account?done=removed", UriKind.Relative));
        WebUtility.HtmlDecode(accountPage).Should().Contain("L'appareil a été retiré").And.NotContain($"data-mac=\"{mac.Value}\"");

        using (var unconfirmed = await PostAsync(client, "/portal/account/delete", accountPage))
        {
            unconfirmed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        using (var delete = await PostAsync(client, "/portal/account/delete", accountPage, ("confirm", "1")))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.OK);
            (await delete.Content.ReadAsStringAsync()).Should().Contain("Compte supprimé");
        }

        (await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().FindByIdAsync(account.Id, CancellationToken.None)).Should().BeNull();
        (await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative))).Should().Contain("action=\"/portal/account/login\"", "signed out");
    }

    [Test]
    public async Task AccountDeletion_DisconnectsTheOpenSessions_AsTheAdminDeletionDoes_AndIsAudited()
    {
        // It used to delete the account only: no Disconnect-Request, the session left open at the terminal, nothing audited.
        // The deletion is audited when committed, the disconnection's outcome when the terminal answered.
        const string login = "deleting@example.org";
        var account = await _portal.CreateAccountAsync(login, "correct horse");
        var mac = MacAddress.Parse(NextMac());
        await _portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(mac, account.Id, DateTimeOffset.UtcNow, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await using var nas = new Alpi.HotspotController.Tests.Coa.TestNas("delete-secret", Alpi.HotspotController.Tests.Coa.TestNas.Ack);
        await _portal.AddNasAsync("borne-suppression", "127.0.0.1", "delete-secret", nas.Port);
        await _portal.Services.GetRequiredService<Alpi.HotspotController.Sessions.SessionStore>().ApplyAsync(new Alpi.HotspotController.Sessions.SessionUpdate
        {
            Nas = "borne-suppression", AcctSessionId = "del-1", Event = Alpi.HotspotController.Sessions.SessionEvent.Start, At = DateTimeOffset.UtcNow,
            UserName = login, AccountLogin = login, Mac = mac.Value, FramedIp = "10.1.0.77",
        }, CancellationToken.None);
        using var client = _portal.NewClient();
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PostAsync(client, "/portal/account/login", loginPage, ("login", login), ("password", "correct horse"))).Dispose();
        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));

        using var delete = await PostAsync(client, "/portal/account/delete", accountPage, ("confirm", "1"));

        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        var request = nas.Requests.Should().ContainSingle().Subject;
        request.Packet.Code.Should().Be(Alpi.Protocols.Radius.RadiusCode.DisconnectRequest);
        request.Text(44).Should().Be("del-1", "Acct-Session-Id (RFC 2866 §5.5) names the session");
        (await _portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().FindByIdAsync(account.Id, CancellationToken.None)).Should().BeNull();
        var entries = await _portal.Services.GetRequiredService<AuditLog>().ListAsync(1000, AuditActions.UserDelete, CancellationToken.None);
        var entry = entries.Should().ContainSingle(e => e.Details!.Contains(login, StringComparison.Ordinal)).Subject;
        entry.Actor.Should().Be(AuditActors.Portal);
        using (var deleted = JsonDocument.Parse(entry.Details!))
        {
            deleted.RootElement.GetProperty("sessions").GetString().Should().Be("1");
        }

        var disconnected = (await _portal.Services.GetRequiredService<AuditLog>().ListAsync(1000, AuditActions.SessionDisconnect, CancellationToken.None))
            .Should().ContainSingle(e => e.Details!.Contains(login, StringComparison.Ordinal), "the terminal acknowledged within the page's wait").Subject;
        disconnected.Actor.Should().Be(AuditActors.Portal);
        using var details = JsonDocument.Parse(disconnected.Details!);
        details.RootElement.GetProperty("acct_session_id").GetString().Should().Be("del-1");
        details.RootElement.GetProperty("outcome").GetString().Should().Be(nameof(Alpi.HotspotController.Coa.CoaOutcome.Acked));
    }

    // The hint spoke of octets ("une lettre accentuée compte pour 2 octets"), which a citizen does not count: it says
    // characters, and that accents, emojis and other alphabets leave room for fewer (the limit is 128 octets in UTF-8).
    [TestCase("fr-FR", "Au moins 8 caractères et au plus 128 (moins avec des lettres accentuées, des emojis ou d'autres alphabets, qui prennent plus de place).", "octet")]
    [TestCase("en-GB", "At least 8 characters and at most 128 (fewer with accented letters, emojis or other alphabets, which take more room).", "octet")]
    public async Task PasswordHint_SaysTheLimitInCharacters_NotOctets(string language, string expected, string unknownWord)
    {
        using var client = _portal.NewClient(language);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac()))));
        html.Should().Contain(expected).And.NotContain(unknownWord);
    }

    // Still refused by its UTF-8 octets, the page's words aside: 64 "é" are 128 octets and are taken; 65 are 130 and are
    // refused in plain words, in each language; 128 ASCII characters are taken.
    [TestCase("fr-FR", 64, 'é', true, "")]
    [TestCase("fr-FR", 65, 'é', false, "Le mot de passe est trop long : au plus 128 caractères")]
    [TestCase("en-GB", 65, 'é', false, "The password is too long: at most 128 characters, fewer with accented letters (é, ç…), emojis or other alphabets")]
    [TestCase("en-GB", 128, 'a', true, "")]
    public async Task Registration_PasswordLength_IsCheckedInOctets_AndToldInCharacters(string language, int count, char letter, bool accepted, string message)
    {
        using var client = _portal.NewClient(language);
        var page = await client.GetStringAsync(new Uri(_portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac())));

        using var response = await PostAsync(client, "/portal/register", page,
            ("email", $"length-{language}-{count}{letter}@example.org".Replace("é", "e", StringComparison.Ordinal)), ("password", new string(letter, count)), ("terms", "1"), ("privacy", "1"));

        response.StatusCode.Should().Be(accepted ? HttpStatusCode.SeeOther : HttpStatusCode.UnprocessableEntity);
        if (!accepted)
        {
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Should().Contain(message).And.NotContain("octet");
        }
    }

    [TestCase("fr-FR", "/", "<title>Wi-Fi public Cigale</title>")]
    [TestCase("fr-FR", "notyet", "<title>Connexion au Wi-Fi public Cigale</title>")]
    [TestCase("en-GB", "notyet", "<title>Connect to Cigale public Wi-Fi</title>")]
    [TestCase("fr-FR", "/portal/privacy", "— Cigale — Wi-Fi public</title>")]
    [TestCase("en-GB", "/portal/account", "<title>My account — Cigale — public Wi-Fi</title>")]
    public async Task DocumentTitle_NamesTheBrandOnce(string language, string path, string expected)
    {
        // It read "Connexion au Wi-Fi public Cigale — Cigale — Wi-Fi public".
        using var client = _portal.NewClient(language);
        var url = path == "notyet" ? _portal.LandingUrl("notyet", PortalHarness.NewChallenge(), NextMac()) : _portal.BaseUrl + path.TrimStart('/');
        var html = await client.GetStringAsync(new Uri(url));
        var title = System.Text.RegularExpressions.Regex.Match(html, "<title>[^<]*</title>").Value;
        title.Should().EndWith(expected);
        System.Text.RegularExpressions.Regex.Matches(title, "Cigale").Should().HaveCount(1, title);
    }

    [TestCase("fr-FR", "Effacé aussitôt : votre compte", "votre identifiant — votre adresse e-mail — reste inscrit comme compte et nom d'utilisateur RADIUS (User-Name)",
        "Conservé 365 jours après la fin de chaque connexion", "décret n° 2021-1362", "efface aussitôt votre adresse e-mail")]
    [TestCase("en-GB", "Erased at once: your account", "your login — your e-mail address — stays recorded as the account and the RADIUS user name (User-Name)",
        "Kept 365 days after the end of each connection", "décret n° 2021-1362", "erases at once your e-mail address")]
    public async Task AccountPage_SaysWhatDeletionErasesAtOnce_AndWhatTheLegalLogKeeps_HowLongAndWhy(
        string language, string erased, string kept, string howLong, string why, string untrue)
    {
        // It said deletion erased the e-mail address at once, while the legal log keeps it as the account for a year.
        var login = $"transparency-{language[..2]}@example.org";
        await _portal.CreateAccountAsync(login, "correct horse");
        using var client = _portal.NewClient(language);
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PostAsync(client, "/portal/account/login", loginPage, ("login", login), ("password", "correct horse"))).Dispose();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative)));

        html.Should().Contain(erased).And.Contain(kept).And.Contain(howLong).And.Contain(why).And.NotContain(untrue);
    }

    [Test]
    public async Task AccountPage_CannotRemoveAnotherAccountsDevice()
    {
        var owner = await _portal.CreateAccountAsync("judy@example.org", "correct horse");
        await _portal.CreateAccountAsync("mallory@example.org", "correct horse");
        var mac = MacAddress.Parse(NextMac());
        await _portal.Services.GetRequiredService<DeviceStore>().RegisterAsync(mac, owner.Id, DateTimeOffset.UnixEpoch.AddYears(56), TimeSpan.FromDays(90), 5, CancellationToken.None);
        using var client = _portal.NewClient();
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PostAsync(client, "/portal/account/login", loginPage, ("login", "mallory@example.org"), ("password", "correct horse"))).Dispose();
        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));

        using var remove = await PostAsync(client, "/portal/account/devices/remove", accountPage, ("mac", mac.Value));

        (await _portal.FindDeviceAsync(mac.Value))!.Login.Should().Be("judy@example.org");
        // It answered 303 ?done=removed and "L'appareil a été retiré" for a device it had not removed.
        remove.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var page = WebUtility.HtmlDecode(await remove.Content.ReadAsStringAsync());
        page.Should().Contain($"L'appareil {mac.Value} n'est pas enregistré sur ce compte : rien n'a été retiré").And.NotContain("L'appareil a été retiré");
    }

    [TestCase("02-00-00-00-FF-01", "The device 02-00-00-00-FF-01 is not registered on this account: nothing was removed.")] // unknown to the controller
    [TestCase("02:00:00:00:ff:01", "The device 02-00-00-00-FF-01 is not registered on this account: nothing was removed.")] // another spelling, named canonically
    [TestCase("not-a-mac", "The device not-a-mac is not registered on this account: nothing was removed.")] // a tampered form
    public async Task AccountPage_RemovingADeviceNotOnTheAccount_SaysSoInEnglish_AndNotThatItWasRemoved(string given, string expected)
    {
        await _portal.CreateAccountAsync($"remove-{given.Replace(':', '-')}@example.org", "correct horse");
        using var client = _portal.NewClient("en-GB,en;q=0.9");
        var loginPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));
        (await PostAsync(client, "/portal/account/login", loginPage, ("login", $"remove-{given.Replace(':', '-')}@example.org"), ("password", "correct horse"))).Dispose();
        var accountPage = await client.GetStringAsync(new Uri("/portal/account", UriKind.Relative));

        using var remove = await PostAsync(client, "/portal/account/devices/remove", accountPage, ("mac", given));

        remove.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var page = WebUtility.HtmlDecode(await remove.Content.ReadAsStringAsync());
        page.Should().Contain(expected).And.NotContain("The device was removed").And.Contain("My devices");
    }

    [Test]
    public async Task Language_FollowsAcceptLanguage_AndTheSwitch()
    {
        using var english = _portal.NewClient("en-GB,en;q=0.9,fr;q=0.5");
        (await english.GetStringAsync(new Uri("/portal/privacy", UriKind.Relative))).Should().Contain("<html lang=\"en\">").And.Contain("Personal data notice");

        using var client = _portal.NewClient("de-DE");
        (await client.GetStringAsync(new Uri("/portal/privacy", UriKind.Relative))).Should().Contain("<html lang=\"fr\">", "French is the default");
        using var switched = await client.GetAsync(new Uri("/portal/lang/en?return=%2Fportal%2Fterms", UriKind.Relative));
        switched.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        switched.Headers.Location!.OriginalString.Should().Be("/portal/terms");
        (await client.GetStringAsync(new Uri("/portal/terms", UriKind.Relative))).Should().Contain("Terms of use");
    }

    [TestCase("%2F%2Fevil.example%2F")]
    [TestCase("http%3A%2F%2Fevil.example%2F")]
    [TestCase("%2F%5Cevil.example")]
    public async Task LanguageSwitch_NeverRedirectsOffSite(string target)
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri($"/portal/lang/en?return={target}", UriKind.Relative));
        response.Headers.Location!.OriginalString.Should().Be("/");
    }

    [Test]
    public async Task PrivacyNotice_GivesTheArticle13Facts_FromTheConfiguration()
    {
        using var client = _portal.NewClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/portal/privacy", UriKind.Relative)));
        html.Should().Contain("Responsable du traitement").And.Contain("Délégué à la protection des données").And.Contain("Base légale")
            .And.Contain("365 jours").And.Contain("CNIL").And.Contain("RGPD art. 6.1.c");
        html.Should().Contain(PortalHarness.OperatorName + ", 1 place de la Mairie, 99000 Exempleville").And.Contain("dpo@numerique-exemple.fr")
            .And.NotContain("[Nom", "no placeholder is left").And.NotContain("[dpo");
    }

    [Test]
    public async Task TermsOfUse_NameTheConfiguredOperator()
    {
        using var client = _portal.NewClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/portal/terms", UriKind.Relative)));
        html.Should().Contain($"exploité par {PortalHarness.OperatorName}.");
    }

    [Test]
    public async Task CaptivePortalApi_AnswersCaptiveJson()
    {
        using var client = _portal.NewClient();
        using var response = await client.GetAsync(new Uri("/portal/api/captive?nasid=mairie-test", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/captive+json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("captive").GetBoolean().Should().BeTrue("no accounting session is open for 127.0.0.1");
        json.RootElement.GetProperty("user-portal-url").GetString().Should().Be(_portal.BaseUrl);
    }

    [Test]
    public async Task CaptivePortalApi_SaysNotCaptive_WhenASessionIsOpenForTheClient_OnTheTerminalWithThatNasIdentifier()
    {
        // Accounted by NAS client "borne-api", which reports NAS-Identifier "mairie-api": the nasid in CoovaChilli's URLs.
        var sessions = _portal.Services.GetRequiredService<Alpi.HotspotController.Sessions.SessionStore>();
        await sessions.ApplyAsync(new Alpi.HotspotController.Sessions.SessionUpdate
        {
            Nas = "borne-api", NasIdentifier = "mairie-api", AcctSessionId = "s1", Event = Alpi.HotspotController.Sessions.SessionEvent.Start,
            At = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), FramedIp = "127.0.0.1",
        }, CancellationToken.None);

        using var client = _portal.NewClient();
        (await CaptiveAsync(client, "?nasid=mairie-api")).Should().BeFalse("the session's NAS-Identifier is the URI's nasid");
        (await CaptiveAsync(client, "")).Should().BeFalse("without nasid, any terminal's session counts");
        (await CaptiveAsync(client, "?nasid=autre-borne")).Should().BeTrue("the session is on another terminal");

        await sessions.ApplyAsync(new Alpi.HotspotController.Sessions.SessionUpdate
        {
            Nas = "borne-api", AcctSessionId = "s1", Event = Alpi.HotspotController.Sessions.SessionEvent.Stop,
            At = DateTimeOffset.FromUnixTimeSeconds(1_800_000_060),
        }, CancellationToken.None);
        (await CaptiveAsync(client, "?nasid=mairie-api")).Should().BeTrue("the session is stopped");
    }

    private static async Task<bool> CaptiveAsync(HttpClient client, string query)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/portal/api/captive" + query, UriKind.Relative)));
        return json.RootElement.GetProperty("captive").GetBoolean();
    }

    /// <summary>Posts a form of <paramref name="page"/>: its antiforgery token and UAM context (when it has one) plus <paramref name="fields"/>.</summary>
    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string page, params (string Name, string Value)[] fields)
    {
        var values = new Dictionary<string, string> { ["csrf"] = PortalHarness.HiddenField(page, "csrf") };
        if (page.Contains("name=\"context\"", StringComparison.Ordinal))
        {
            values["context"] = PortalHarness.HiddenField(page, "context");
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
    }
}
