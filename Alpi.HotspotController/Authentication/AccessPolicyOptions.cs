namespace Alpi.HotspotController.Authentication;

/// <summary>
/// The access policy of one terminal group, section <c>Hotspot:Policies:&lt;group&gt;</c> (the group is
/// <see cref="Nas.NasClient.GroupName"/>; <c>default</c> applies to groups without a section). Sent in every
/// Access-Accept; a key left out keeps its default, a zero duration or limit sends no attribute.
/// </summary>
public sealed class AccessPolicyOptions
{
    /// <summary>The group whose policy applies to terminals of groups without their own section.</summary>
    public const string DefaultGroup = "default";

    /// <summary>Longest session before the terminal re-authenticates the user (Session-Timeout, RFC 2865 §5.27). Default 4 h; zero for none.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Inactivity after which the terminal ends the session (Idle-Timeout, RFC 2865 §5.28). Default 15 min; zero for none.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Interval of Interim-Update accounting (Acct-Interim-Interval, RFC 2869 §5.16). Default 5 min. Values under
    /// 60 s are raised to 60 s, the least RFC 2869 allows; always sent, since a terminal silent for three intervals
    /// is considered down.
    /// </summary>
    public TimeSpan AcctInterimInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upload limit, bits per second (WISPr-Bandwidth-Max-Up, vendor 14122 type 7). Default 0: none.</summary>
    public long BandwidthMaxUp { get; set; }

    /// <summary>Download limit, bits per second (WISPr-Bandwidth-Max-Down, vendor 14122 type 8). Default 0: none.</summary>
    public long BandwidthMaxDown { get; set; }

    /// <summary>Quota of octets from the device per session (ChilliSpot-Max-Input-Octets, with -Gigawords above 4 GiB). Default 0: none.</summary>
    public long MaxInputOctets { get; set; }

    /// <summary>Quota of octets to the device per session (ChilliSpot-Max-Output-Octets, with -Gigawords above 4 GiB). Default 0: none.</summary>
    public long MaxOutputOctets { get; set; }

    /// <summary>Quota of octets both ways per session (ChilliSpot-Max-Total-Octets, with -Gigawords above 4 GiB). Default 0: none.</summary>
    public long MaxTotalOctets { get; set; }
}
