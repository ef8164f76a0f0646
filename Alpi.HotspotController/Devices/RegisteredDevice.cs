namespace Alpi.HotspotController.Devices;

/// <summary>A device registered to an account, recognised by its MAC address at every terminal while valid.</summary>
public sealed record RegisteredDevice
{
    /// <summary>The MAC address in canonical form (<see cref="MacAddress"/>).</summary>
    public required string Mac { get; init; }

    /// <summary>The owning account's identifier.</summary>
    public long AccountId { get; init; }

    /// <summary>The owning account's login.</summary>
    public required string Login { get; init; }

    /// <summary>True when an administrator blocked this device.</summary>
    public bool Blocked { get; init; }

    /// <summary>True when the owning account is blocked.</summary>
    public bool AccountBlocked { get; init; }

    /// <summary>Registration time, Unix milliseconds.</summary>
    public long RegisteredUnixMs { get; init; }

    /// <summary>Last accepted use, Unix milliseconds.</summary>
    public long LastSeenUnixMs { get; init; }

    /// <summary>End of validity, Unix milliseconds; renewed on each accepted use.</summary>
    public long ExpiresUnixMs { get; init; }

    /// <summary>True when the device may connect at <paramref name="now"/>: not expired, neither it nor its account blocked.</summary>
    public bool IsRecognisedAt(DateTimeOffset now) => !Blocked && !AccountBlocked && ExpiresUnixMs > now.ToUnixTimeMilliseconds();
}
