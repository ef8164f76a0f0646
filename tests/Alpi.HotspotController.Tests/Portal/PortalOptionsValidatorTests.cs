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
}
