using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Portal;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>E-mail verification by link, with MailKit sending to an SMTP receiver on 127.0.0.1.</summary>
[TestFixture]
[Category("Integration")]
public sealed class EmailVerificationTests
{
    [Test]
    public async Task Registration_SendsALink_ThatVerifiesTheAddress_Once()
    {
        await using var sink = new SmtpSink();
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Portal:Smtp:Host"] = "127.0.0.1",
            ["Hotspot:Portal:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Hotspot:Portal:Smtp:Security"] = "None",
            ["Hotspot:Portal:Smtp:From"] = "Cigale Wi-Fi <no-reply@cigale.example>",
        });
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-20-01")));

        using (var registered = await PortalHttpTests.PostAsync(client, "/portal/register", page,
            ("email", "mail@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1")))
        {
            registered.StatusCode.Should().Be(HttpStatusCode.SeeOther, "the logon does not wait for the mail");
        }

        var raw = await Eventually.WaitAsync(() => Task.FromResult(sink.Messages.TryPeek(out var m) ? m : null), TimeSpan.FromSeconds(20));
        raw.Should().NotBeNull("MailKit delivered the message to the SMTP receiver");
        using var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw!)));
        message.To.ToString().Should().Contain("mail@example.org");
        message.Subject.Should().Be("Wi-Fi Cigale : confirmez votre adresse e-mail");
        var link = Regex.Match(message.TextBody ?? "", @"http://127\.0\.0\.1:\d+/portal/verify-email\?token=\S+").Value;
        link.Should().NotBeEmpty(message.TextBody);

        using (var forged = await client.GetAsync(new Uri(link[..^4] + "AAAA")))
        {
            forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using (var verified = await client.GetAsync(new Uri(link)))
        {
            verified.StatusCode.Should().Be(HttpStatusCode.OK);
            (await verified.Content.ReadAsStringAsync()).Should().Contain("Adresse e-mail confirmée");
        }

        (await portal.Services.GetRequiredService<AccountStore>().FindByLoginAsync("mail@example.org", CancellationToken.None))!.EmailVerified.Should().BeTrue();
        portal.Services.GetRequiredService<EmailVerification>().Sent.Should().Be(1);
    }

    [Test]
    public async Task WithoutSmtp_NothingIsSent_AndTheAccountWorks()
    {
        await using var portal = await PortalHarness.StartAsync();
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-20-02")));

        using var registered = await PortalHttpTests.PostAsync(client, "/portal/register", page,
            ("email", "nomail@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        registered.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        var verification = portal.Services.GetRequiredService<EmailVerification>();
        verification.Enabled.Should().BeFalse();
        verification.Sent.Should().Be(0);
    }

    [Test]
    public async Task AnUnreachableMailServer_IsCounted_AndDoesNotBlockTheLogon()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Portal:Smtp:Host"] = "127.0.0.1",
            ["Hotspot:Portal:Smtp:Port"] = FreePort.Tcp().ToString(CultureInfo.InvariantCulture), // nobody listens
            ["Hotspot:Portal:Smtp:Security"] = "None",
        });
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-20-03")));

        using var registered = await PortalHttpTests.PostAsync(client, "/portal/register", page,
            ("email", "away@example.org"), ("password", "a long passphrase"), ("terms", "1"), ("privacy", "1"));

        registered.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        var verification = portal.Services.GetRequiredService<EmailVerification>();
        (await Eventually.WaitAsync(() => Task.FromResult(verification.Failed > 0 ? (object?)true : null), TimeSpan.FromSeconds(20))).Should().NotBeNull();
    }
}
