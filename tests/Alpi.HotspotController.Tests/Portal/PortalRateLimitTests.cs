using System.Net;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>Login and registration attempts are limited per device MAC and per client IP (fixed windows).</summary>
[TestFixture]
[Category("Integration")]
public sealed class PortalRateLimitTests
{
    [Test]
    public async Task Attempts_BeyondTheMacThenTheIpLimit_Get429_InFrench_WithRetryAfter()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Portal:RateLimit:PermitsPerMac"] = "3",
            ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "5",
            ["Hotspot:Portal:RateLimit:Window"] = "01:00:00",
        });
        await portal.CreateAccountAsync("alice@example.org", "correct horse");
        using var client = portal.NewClient();

        async Task<HttpResponseMessage> AttemptAsync(string mac)
        {
            var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), mac)));
            return await PortalHttpTests.PostAsync(client, "/portal/login", page, ("login", "alice@example.org"), ("password", "wrong horse"));
        }

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await AttemptAsync("02-00-00-00-00-01");
            allowed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "attempt {0} is within the per-MAC limit", i + 1);
        }

        using (var refused = await AttemptAsync("02-00-00-00-00-01"))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter!.Delta!.Value.Should().BePositive();
            var html = await refused.Content.ReadAsStringAsync();
            html.Should().Contain("Trop de tentatives de connexion depuis cet appareil ou ce réseau");
        }

        // Another device on the same network: the per-IP limit (5) still has two permits, then refuses.
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await AttemptAsync($"02-00-00-00-01-0{i}");
            allowed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        using (var refused = await AttemptAsync("02-00-00-00-02-00"))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        }

        portal.Metrics.RateLimited.Should().Be(2);
        portal.Metrics.LoginsRefused.Should().Be(5, "refused attempts never reach the password check");
    }

    [Test]
    public async Task Registration_IsLimitedToo()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerMac"] = "1" });
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-00-09")));
        using (var first = await PortalHttpTests.PostAsync(client, "/portal/register", page, ("email", "bad")))
        {
            first.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        using var second = await PortalHttpTests.PostAsync(client, "/portal/register", page, ("email", "bad"));
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }
}
