namespace Alpi.HotspotController.Sessions;

/// <summary>What one accounting message says about a session, for <see cref="SessionStore.ApplyAsync"/>.</summary>
public sealed record SessionUpdate
{
    /// <summary>The NAS client's name.</summary>
    public required string Nas { get; init; }

    /// <summary>Acct-Session-Id (RFC 2866 §5.5).</summary>
    public required string AcctSessionId { get; init; }

    /// <summary>Which message: Start, Interim-Update or Stop.</summary>
    public required SessionEvent Event { get; init; }

    /// <summary>When the event happened: reception time minus Acct-Delay-Time (RFC 2866 §5.2).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Acct-Session-Time (RFC 2866 §5.7), used to date the start of a session first seen by an Interim-Update or Stop; null when absent.</summary>
    public TimeSpan? SessionTime { get; init; }

    /// <summary>User-Name as sent, or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The account's login, when resolved, or null.</summary>
    public string? AccountLogin { get; init; }

    /// <summary>The device MAC in canonical form, or null.</summary>
    public string? Mac { get; init; }

    /// <summary>Framed-IP-Address, or null.</summary>
    public string? FramedIp { get; init; }

    /// <summary>Called-Station-Id as sent, or null.</summary>
    public string? CalledStationId { get; init; }

    /// <summary>NAS-IP-Address, or the source address.</summary>
    public string? NasIp { get; init; }

    /// <summary>NAS-Identifier (RFC 2865 §5.32) as sent, or null.</summary>
    public string? NasIdentifier { get; init; }

    /// <summary>Octets from the device so far (with Gigawords), or null when not reported.</summary>
    public long? InputOctets { get; init; }

    /// <summary>Octets to the device so far (with Gigawords), or null when not reported.</summary>
    public long? OutputOctets { get; init; }

    /// <summary>Acct-Terminate-Cause name (Stop), or null.</summary>
    public string? TerminateCause { get; init; }
}

/// <summary>The accounting message a <see cref="SessionUpdate"/> comes from (RFC 2866 §5.1).</summary>
public enum SessionEvent
{
    /// <summary>Accounting Start.</summary>
    Start,

    /// <summary>Accounting Interim-Update.</summary>
    InterimUpdate,

    /// <summary>Accounting Stop.</summary>
    Stop,
}
