using System.Net;
using Alpi.Collector.Security;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Security;

/// <summary>The per-address rate limit of <c>POST /login</c>, which bounds guessing across accounts.</summary>
[TestFixture]
[Category("Integration")]
public sealed class LoginRateLimitTests
{
    [Test]
    public async Task LoginsBeyondTheRate_AreThrottled_Counted_AndTold()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Security:LoginAttemptsPerWindow"] = "3",
            ["Collector:Security:LoginRateWindow"] = "01:00:00",
        });
        using var client = SecurityClients.Anonymous(collector, new CookieContainer());
        for (var i = 0; i < 3; i++)
        {
            using var refused = await SecurityClients.PostLoginAsync(client, "admin", "guess number " + i);
            refused.Headers.Location!.OriginalString.Should().StartWith("/login?error=invalid");
        }

        using var throttled = await SecurityClients.PostLoginAsync(client, "admin", "guess number 4");

        throttled.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        throttled.Headers.Location!.OriginalString.Should().Be("/login?error=throttled");
        throttled.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromHours(1));
        collector.Services.GetRequiredService<SecurityStatistics>().LoginsThrottled.Should().Be(1);
    }
}
