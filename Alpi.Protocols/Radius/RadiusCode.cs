namespace Alpi.Protocols.Radius;

/// <summary>
/// The Code field of a RADIUS packet: RFC 2865 §3 and §4, RFC 2866 §3 and §4, RFC 5997 §3 (Status-Server),
/// RFC 5176 §2 and §3 (Disconnect and CoA). A value not listed here is kept as its number when decoding.
/// </summary>
public enum RadiusCode : byte
{
    /// <summary>Access-Request (RFC 2865 §4.1).</summary>
    AccessRequest = 1,

    /// <summary>Access-Accept (RFC 2865 §4.2).</summary>
    AccessAccept = 2,

    /// <summary>Access-Reject (RFC 2865 §4.3).</summary>
    AccessReject = 3,

    /// <summary>Accounting-Request (RFC 2866 §4.1).</summary>
    AccountingRequest = 4,

    /// <summary>Accounting-Response (RFC 2866 §4.2).</summary>
    AccountingResponse = 5,

    /// <summary>Access-Challenge (RFC 2865 §4.4).</summary>
    AccessChallenge = 11,

    /// <summary>Status-Server (RFC 5997 §3, experimental in RFC 2865 §3).</summary>
    StatusServer = 12,

    /// <summary>Status-Client (RFC 2865 §3, experimental).</summary>
    StatusClient = 13,

    /// <summary>Disconnect-Request (RFC 5176 §3.1).</summary>
    DisconnectRequest = 40,

    /// <summary>Disconnect-ACK (RFC 5176 §3.1).</summary>
    DisconnectAck = 41,

    /// <summary>Disconnect-NAK (RFC 5176 §3.1).</summary>
    DisconnectNak = 42,

    /// <summary>CoA-Request (RFC 5176 §3.2).</summary>
    CoaRequest = 43,

    /// <summary>CoA-ACK (RFC 5176 §3.2).</summary>
    CoaAck = 44,

    /// <summary>CoA-NAK (RFC 5176 §3.2).</summary>
    CoaNak = 45,
}
