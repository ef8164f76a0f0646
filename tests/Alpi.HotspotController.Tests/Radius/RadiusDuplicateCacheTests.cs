using System.Net;
using Alpi.HotspotController.Radius;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Radius;

public class RadiusDuplicateCacheTests
{
    private static readonly IPEndPoint Nas = new(IPAddress.Parse("192.0.2.10"), 40000);
    private static readonly byte[] Authenticator = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));

    [Test]
    public void ARequest_IsNew_ThenInProgress_ThenAnsweredWithTheSameOctets()
    {
        var cache = new RadiusDuplicateCache(_time, TimeSpan.FromSeconds(30), 100);
        var reply = new byte[] { 2, 7, 0, 20 };

        cache.TryBegin(Nas, 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
        cache.TryBegin(Nas, 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.InProgress);
        cache.Complete(Nas, 7, Authenticator, reply);
        cache.TryBegin(Nas, 7, Authenticator, out var cached).Should().Be(RadiusDuplicateCache.Status.Answered);
        cached.Should().BeSameAs(reply);
    }

    [Test]
    public void TheSameIdentifier_WithANewAuthenticatorOrFromAnotherPort_IsANewRequest()
    {
        var cache = new RadiusDuplicateCache(_time, TimeSpan.FromSeconds(30), 100);
        cache.TryBegin(Nas, 7, Authenticator, out _);
        var other = Authenticator.ToArray();
        other[15] ^= 1;

        cache.TryBegin(Nas, 7, other, out _).Should().Be(RadiusDuplicateCache.Status.New);
        cache.TryBegin(new IPEndPoint(Nas.Address, 40001), 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
        cache.TryBegin(Nas, 8, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
    }

    [Test]
    public void Entries_ExpireAfterTheirLifetime()
    {
        var cache = new RadiusDuplicateCache(_time, TimeSpan.FromSeconds(30), 100);
        cache.TryBegin(Nas, 7, Authenticator, out _);
        cache.Complete(Nas, 7, Authenticator, [1]);

        _time.Advance(TimeSpan.FromSeconds(29));
        cache.TryBegin(Nas, 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.Answered);
        _time.Advance(TimeSpan.FromSeconds(2));
        cache.TryBegin(Nas, 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
    }

    [Test]
    public void AnAbandonedRequest_IsProcessedAgainWhenRetransmitted()
    {
        var cache = new RadiusDuplicateCache(_time, TimeSpan.FromSeconds(30), 100);
        cache.TryBegin(Nas, 7, Authenticator, out _);

        cache.Abandon(Nas, 7, Authenticator);

        cache.TryBegin(Nas, 7, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
        cache.Count.Should().Be(1);
    }

    [Test]
    public void AFullCache_SweepsExpiredEntries_ThenStopsTracking()
    {
        var cache = new RadiusDuplicateCache(_time, TimeSpan.FromSeconds(30), 2);
        cache.TryBegin(Nas, 1, Authenticator, out _);
        cache.TryBegin(Nas, 2, Authenticator, out _);

        cache.TryBegin(Nas, 3, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.NotTracked);
        cache.TryBegin(Nas, 1, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.InProgress, "known requests are still found");

        _time.Advance(TimeSpan.FromSeconds(31));
        cache.TryBegin(Nas, 3, Authenticator, out _).Should().Be(RadiusDuplicateCache.Status.New);
        cache.Count.Should().Be(1);
    }
}
