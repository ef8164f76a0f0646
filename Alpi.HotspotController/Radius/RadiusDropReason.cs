namespace Alpi.HotspotController.Radius;

/// <summary>
/// Why a datagram got no answer. Each is counted in <see cref="RadiusServerStatistics"/> and logged at most once per
/// source per minute; the NAS sees a silent discard (RFC 2865 §3, RFC 2866 §3) and retries or fails over.
/// </summary>
public enum RadiusDropReason
{
    /// <summary>Not a well-formed RADIUS packet (RFC 2865 §3 and §5): bad lengths, broken attributes.</summary>
    Malformed,

    /// <summary>The source address matches no NAS client (RFC 2865 §3: "silently discarded").</summary>
    UnknownClient,

    /// <summary>A code this port does not serve, e.g. an Accounting-Request on the authentication port.</summary>
    UnexpectedCode,

    /// <summary>An Access-Request or Status-Server without Message-Authenticator from a client that requires it (CVE-2024-3596; RFC 5997 §3).</summary>
    MissingMessageAuthenticator,

    /// <summary>
    /// An Access-Request from a client exempt from Message-Authenticator carries Proxy-State without one: the shape of
    /// the Blast-RADIUS forgery (CVE-2024-3596), discarded as FreeRADIUS's <c>limit_proxy_state</c> does.
    /// </summary>
    ProxyStateWithoutMessageAuthenticator,

    /// <summary>The Message-Authenticator does not verify (RFC 3579 §3.2): wrong secret or altered packet.</summary>
    BadMessageAuthenticator,

    /// <summary>The Request Authenticator of an Accounting-Request does not verify (RFC 2866 §3): wrong secret or altered packet.</summary>
    BadRequestAuthenticator,

    /// <summary>A required attribute is missing, e.g. Acct-Session-Id or Acct-Status-Type in an Accounting-Request (RFC 2866 §5).</summary>
    MissingAttribute,

    /// <summary>A retransmission arrived while the original was still being processed (RFC 5080 §2.2.2): the original's answer will do.</summary>
    DuplicateInProgress,

    /// <summary>
    /// The socket's receive buffer was full (every loop busy, <see cref="RadiusServerOptions.QueueCapacity"/> reached):
    /// the kernel dropped the datagram before the server read it. Counted by the kernel, read from Linux's per-socket
    /// counter (<c>/proc/net/udp</c>); not counted on other systems.
    /// </summary>
    Overloaded,

    /// <summary>The session could not be stored, so the Accounting-Response is withheld and the NAS retries (RFC 2866 §4.1).</summary>
    StoreFailed,

    /// <summary>The reply would exceed 4,096 octets (RFC 2865 §3), e.g. because of many Proxy-State attributes.</summary>
    ReplyTooLong,

    /// <summary>An unexpected error while processing (a bug; logged with its stack trace).</summary>
    InternalError,
}

/// <summary>Names of <see cref="RadiusDropReason"/> for metrics and logs.</summary>
public static class RadiusDropReasonNames
{
    /// <summary>Every reason, in enum order.</summary>
    public static IReadOnlyList<RadiusDropReason> All { get; } = Enum.GetValues<RadiusDropReason>();

    /// <summary>The snake_case name, e.g. <c>missing_message_authenticator</c>.</summary>
    public static string ToName(this RadiusDropReason reason) => reason switch
    {
        RadiusDropReason.Malformed => "malformed",
        RadiusDropReason.UnknownClient => "unknown_client",
        RadiusDropReason.UnexpectedCode => "unexpected_code",
        RadiusDropReason.MissingMessageAuthenticator => "missing_message_authenticator",
        RadiusDropReason.ProxyStateWithoutMessageAuthenticator => "proxy_state_without_message_authenticator",
        RadiusDropReason.BadMessageAuthenticator => "bad_message_authenticator",
        RadiusDropReason.BadRequestAuthenticator => "bad_request_authenticator",
        RadiusDropReason.MissingAttribute => "missing_attribute",
        RadiusDropReason.DuplicateInProgress => "duplicate_in_progress",
        RadiusDropReason.Overloaded => "overloaded",
        RadiusDropReason.StoreFailed => "store_failed",
        RadiusDropReason.ReplyTooLong => "reply_too_long",
        RadiusDropReason.InternalError => "internal_error",
        _ => reason.ToString(),
    };
}
