using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>Which limit refused an attempt.</summary>
public enum PortalRateLimitPartition
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The client IP address's limit (<see cref="PortalRateLimitOptions.PermitsPerIp"/>).</summary>
    Ip,

    /// <summary>The device MAC's limit (<see cref="PortalRateLimitOptions.PermitsPerMac"/>).</summary>
    Mac,
}

/// <summary>
/// Limits the attempts that could guess a password or probe for an account — a login (its password is checked, right
/// or wrong, known account or not) and a registration that reaches account creation (created, or refused because the
/// address has an account) — with two partitioned fixed-window limiters (System.Threading.RateLimiting): one partition
/// per client IP address, one per device MAC. An attempt needs a permit from both (<see cref="TryAcquire"/>); refused
/// attempts are not queued. A submission refused for its form alone (a malformed e-mail, a password too short, a box
/// not ticked) tells nothing about any account and takes no permit; it is only refused while the limit is reached
/// (<see cref="IsExhausted"/>).
/// </summary>
public sealed class PortalRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byIp;
    private readonly PartitionedRateLimiter<string> _byMac;
    private readonly TimeSpan _window;

    /// <summary>Creates the limiters from <c>Hotspot:Portal:RateLimit</c>.</summary>
    public PortalRateLimiter(IOptions<HotspotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.Portal.RateLimit;
        _window = limits.Window;
        _byIp = Create(limits.PermitsPerIp, limits.Window);
        _byMac = Create(limits.PermitsPerMac, limits.Window);
    }

    /// <summary>Takes one permit for an attempt from <paramref name="ip"/> with device <paramref name="mac"/>.</summary>
    /// <param name="ip">The client's address as text (the connection's remote address).</param>
    /// <param name="mac">The device's canonical MAC, or null when unknown (account page): then only the IP counts.</param>
    /// <param name="retryAfter">When refused, how long until the window reopens (at most the window).</param>
    /// <returns>The partition that refused, or <see cref="PortalRateLimitPartition.None"/>.</returns>
    public PortalRateLimitPartition TryAcquire(string ip, string? mac, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(ip);
        retryAfter = TimeSpan.Zero;
        if (mac is not null && !Acquire(_byMac, mac, ref retryAfter))
        {
            return PortalRateLimitPartition.Mac;
        }

        return Acquire(_byIp, ip, ref retryAfter) ? PortalRateLimitPartition.None : PortalRateLimitPartition.Ip;
    }

    /// <summary>
    /// Tells, without taking a permit, whether an attempt from <paramref name="ip"/> with device <paramref name="mac"/>
    /// would be refused now: what a form refused before any check asks first, so that a locked-out device is told so
    /// rather than corrected.
    /// </summary>
    /// <param name="ip">The client's address as text (the connection's remote address).</param>
    /// <param name="mac">The device's canonical MAC, or null when unknown: then only the IP counts.</param>
    /// <param name="retryAfter">When refused, how long until the window reopens (at most the window).</param>
    /// <returns>The partition that has no permit left, or <see cref="PortalRateLimitPartition.None"/>.</returns>
    public PortalRateLimitPartition IsExhausted(string ip, string? mac, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(ip);
        retryAfter = TimeSpan.Zero;
        if (mac is not null && !Acquire(_byMac, mac, ref retryAfter, permits: 0))
        {
            return PortalRateLimitPartition.Mac;
        }

        return Acquire(_byIp, ip, ref retryAfter, permits: 0) ? PortalRateLimitPartition.None : PortalRateLimitPartition.Ip;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _byIp.Dispose();
        _byMac.Dispose();
    }

    // permits 0 asks whether a permit is left without taking it (RateLimiter.AttemptAcquire's documented zero-permit check).
    private bool Acquire(PartitionedRateLimiter<string> limiter, string key, ref TimeSpan retryAfter, int permits = 1)
    {
        using var lease = limiter.AttemptAcquire(key, permits);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return false;
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
