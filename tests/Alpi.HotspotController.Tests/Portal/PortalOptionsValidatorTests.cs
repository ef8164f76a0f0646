using Alpi.HotspotController.Portal;

namespace Alpi.HotspotController.Tests.Portal;

public class PortalOptionsValidatorTests
{
    [Test]
    public void Defaults_AreValid() =>
        new PortalOptionsValidator().Validate(null, new HotspotOptions()).Succeeded.Should().BeTrue();

    [Test]
    public void EveryProblem_IsReported_WithItsKey()
    {
        var options = new HotspotOptions
        {
            Portal = new PortalOptions
            {
                PublicUrl = "ftp://portal.example/path",
                Privacy = Operator(),
                LogonTokenLifetime = TimeSpan.FromSeconds(1),
                FormLifetime = TimeSpan.Zero,
                AccountSessionLifetime = TimeSpan.FromDays(2),
                RateLimit = new PortalRateLimitOptions { PermitsPerIp = 0, PermitsPerMac = 0, Window = TimeSpan.Zero },
            },
        };

        var result = new PortalOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(7);
        result.FailureMessage.Should().Contain("Hotspot:Portal:PublicUrl").And.Contain("Hotspot:Portal:LogonTokenLifetime")
            .And.Contain("Hotspot:Portal:FormLifetime").And.Contain("Hotspot:Portal:AccountSessionLifetime")
            .And.Contain("Hotspot:Portal:RateLimit:PermitsPerIp").And.Contain("Hotspot:Portal:RateLimit:PermitsPerMac")
            .And.Contain("Hotspot:Portal:RateLimit:Window");
    }

    [Test]
    public void Smtp_IsCheckedOnlyWhenAHostIsSet()
    {
        var smtp = new PortalSmtpOptions { Port = 0, Security = "Tls", From = "not an address", LinkLifetime = TimeSpan.Zero };
        new PortalOptionsValidator().Validate(null, new HotspotOptions { Portal = new PortalOptions { Smtp = smtp } }).Succeeded.Should().BeTrue();

        smtp.Host = "smtp.example.org";
        var result = new PortalOptionsValidator().Validate(null, new HotspotOptions { Portal = new PortalOptions { Smtp = smtp } });
        result.Failures.Should().HaveCount(4);
        result.FailureMessage.Should().Contain("Hotspot:Portal:Smtp:Port").And.Contain("Hotspot:Portal:Smtp:Security")
            .And.Contain("Hotspot:Portal:Smtp:From").And.Contain("Hotspot:Portal:Smtp:LinkLifetime");
    }

    // Each: a portal that citizens can reach, through terminals or a public address.
    [TestCase("http://0.0.0.0:8082", "", "")] // listening on every interface
    [TestCase("http://127.0.0.1:8082", "https://portail.example", "")] // behind a reverse proxy
    [TestCase("http://127.0.0.1:8082", "", "uam-secret")] // terminals sign their links to it
    public void Operator_Missing_WhenThePortalServesTerminals_IsAStartError_NamingEachKey(string url, string publicUrl, string uamSecret)
    {
        var options = new HotspotOptions { Portal = new PortalOptions { Url = url, PublicUrl = publicUrl, UamSecret = uamSecret } };

        var result = new PortalOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(3);
        result.FailureMessage.Should().Contain("Hotspot:Portal:Privacy:ControllerName").And.Contain("Hotspot:Portal:Privacy:ControllerAddress")
            .And.Contain("Hotspot:Portal:Privacy:DpoContact").And.Contain("RGPD art. 13");
    }

    [Test]
    public void Operator_StillABracketedPlaceholder_IsMissing()
    {
        var privacy = Operator();
        privacy.DpoContact = "[dpo@exemple.fr]";
        var options = new HotspotOptions { Portal = new PortalOptions { Url = "http://0.0.0.0:8082", Privacy = privacy } };

        var result = new PortalOptionsValidator().Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith("Hotspot:Portal:Privacy:DpoContact is empty or a placeholder");
    }

    [Test]
    public void Operator_Given_WhenThePortalServesTerminals_IsValid()
    {
        var options = new HotspotOptions { Portal = new PortalOptions { Url = "http://0.0.0.0:8082", UamSecret = "s", Privacy = Operator() } };

        new PortalOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Test]
    public void Operator_MissingOnAOneMachineTrial_IsAccepted_AndShownAsNotConfigured()
    {
        var portal = new PortalOptions();

        portal.ServesOnlyThisMachine.Should().BeTrue("the default portal listens on 127.0.0.1 without a UAM secret");
        new PortalOptionsValidator().Validate(null, new HotspotOptions { Portal = portal }).Succeeded.Should().BeTrue();
        var shown = portal.Privacy.ForDisplay("l'opérateur (non renseigné)", "adresse non renseignée");
        shown.ControllerName.Should().Be("l'opérateur (non renseigné)");
        shown.ControllerAddress.Should().Be("adresse non renseignée", "the operator's wording is not repeated for its address");
        shown.DpoContact.Should().Be("adresse non renseignée", "the operator is not named as its own data-protection officer");
    }

    private static PortalPrivacyOptions Operator() => new()
    {
        ControllerName = "Syndicat mixte Numérique Exemple",
        ControllerAddress = "1 place de la Mairie, 99000 Exempleville",
        DpoContact = "dpo@numerique-exemple.fr",
    };
}
