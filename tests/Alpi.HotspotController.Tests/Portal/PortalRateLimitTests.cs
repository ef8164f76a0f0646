using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// Login attempts, and registrations reaching account creation, are limited per device MAC and per client IP (fixed
/// windows); registrations refused for their form are not counted.
/// </summary>
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

    // Registrations that tell whether an address has an account are limited: here, an address already taken.
    [Test]
    public async Task Registration_ReachingAccountCreation_IsLimitedToo()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerMac"] = "1" });
        await portal.CreateAccountAsync("taken@example.org", "correct horse");
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-00-09")));
        (string, string)[] taken = [("email", "taken@example.org"), ("password", "correct horse battery"), ("terms", "1"), ("privacy", "1")];
        using (var first = await PortalHttpTests.PostAsync(client, "/portal/register", page, taken))
        {
            first.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        using var second = await PortalHttpTests.PostAsync(client, "/portal/register", page, taken);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    // A tester's phone: five registrations with a malformed e-mail locked it out for a minute (429), then the corrected
    // one was refused too. Form mistakes check no password and tell nothing about any account.
    [Test]
    public async Task Registration_RefusedForItsForm_TakesNoPermit_AndTheCorrectedOneGoesThrough()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Portal:RateLimit:PermitsPerMac"] = "5",
            ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "5",
            ["Hotspot:Portal:RateLimit:Window"] = "01:00:00",
        });
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-00-0A")));

        for (var i = 0; i < 7; i++)
        {
            using var mistake = await PortalHttpTests.PostAsync(client, "/portal/register", page,
                ("email", "marie.example.org"), ("password", "correct horse battery"), ("terms", "1"), ("privacy", "1"));
            mistake.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "mistake {0} is corrected, not counted", i + 1);
        }

        using var corrected = await PortalHttpTests.PostAsync(client, "/portal/register", page,
            ("email", "marie@example.org"), ("password", "correct horse battery"), ("terms", "1"), ("privacy", "1"));

        corrected.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
        (await portal.Services.GetRequiredService<HotspotController.Accounts.AccountStore>().FindByLoginAsync("marie@example.org", CancellationToken.None)).Should().NotBeNull();
        portal.Metrics.RateLimited.Should().Be(0);
    }

    [Test]
    public async Task Registration_RefusedForItsForm_WhileTheLimitIsReached_Gets429()
    {
        await using var portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerMac"] = "1" });
        await portal.CreateAccountAsync("alice@example.org", "correct horse");
        using var client = portal.NewClient();
        var page = await client.GetStringAsync(new Uri(portal.LandingUrl("notyet", PortalHarness.NewChallenge(), "02-00-00-00-00-0B")));
        (await PortalHttpTests.PostAsync(client, "/portal/login", page, ("login", "alice@example.org"), ("password", "wrong horse"))).Dispose();

        using var mistake = await PortalHttpTests.PostAsync(client, "/portal/register", page, ("email", "bad"));

        mistake.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a locked-out device is told so rather than corrected");
    }
}
