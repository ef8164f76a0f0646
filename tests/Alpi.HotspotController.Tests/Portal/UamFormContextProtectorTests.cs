using Alpi.HotspotController.Portal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Portal;

public class UamFormContextProtectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _keys = new();

    private UamFormContextProtector NewProtector() => new(_keys, _time, Options.Create(new HotspotOptions()));

    private static UamQuery Query()
    {
        UamQuery.TryParse("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&mac=aa:bb:cc:dd:ee:ff"
            + "&userurl=http%3a%2f%2fexample.org%2f&nasid=mairie-1", out var query, out _);
        return query!;
    }

    [Test]
    public void Context_RoundTrips()
    {
        var protector = NewProtector();
        protector.TryUnprotect(protector.Protect(Query()), out var context).Should().BeTrue();
        context.Should().BeEquivalentTo(new UamFormContext("10.1.0.1", 3990, "0123456789abcdef0123456789abcdef", "AA-BB-CC-DD-EE-FF",
            "http://example.org/", "mairie-1", _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    [Test]
    public void Context_IsRefused_OnceStale()
    {
        var protector = NewProtector();
        var value = protector.Protect(Query());
        _time.Advance(TimeSpan.FromMinutes(31));
        protector.TryUnprotect(value, out _).Should().BeFalse();
    }

    [TestCase("")]
    [TestCase("not protected")]
    [TestCase("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Context_IsRefused_WhenForged(string value) =>
        NewProtector().TryUnprotect(value, out _).Should().BeFalse();

    [Test]
    public void Context_IsRefused_WhenTamperedWith()
    {
        var protector = NewProtector();
        var value = protector.Protect(Query()).ToCharArray();
        value[^5] = value[^5] == 'A' ? 'B' : 'A';
        protector.TryUnprotect(new string(value), out _).Should().BeFalse();
    }
}
