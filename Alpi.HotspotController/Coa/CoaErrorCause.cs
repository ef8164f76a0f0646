namespace Alpi.HotspotController.Coa;

/// <summary>Values of the Error-Cause attribute (type 101) of Disconnect and CoA ACK/NAK (RFC 5176 §3.5).</summary>
public static class CoaErrorCause
{
    /// <summary>The attribute type of Error-Cause (RFC 5176 §3.5).</summary>
    public const byte AttributeType = 101;

    /// <summary>201: Residual Session Context Removed (in a Disconnect-ACK).</summary>
    public const uint ResidualSessionContextRemoved = 201;

    /// <summary>503: Session Context Not Found (the NAS has no such session).</summary>
    public const uint SessionContextNotFound = 503;

    /// <summary>The registered name of an Error-Cause value, or <c>Error-Cause N</c> for an unregistered one.</summary>
    public static string GetName(uint value) => value switch
    {
        201 => "Residual Session Context Removed",
        202 => "Invalid EAP Packet (Ignored)",
        401 => "Unsupported Attribute",
        402 => "Missing Attribute",
        403 => "NAS Identification Mismatch",
        404 => "Invalid Request",
        405 => "Unsupported Service",
        406 => "Unsupported Extension",
        407 => "Invalid Attribute Value",
        501 => "Administratively Prohibited",
        502 => "Request Not Routable (Proxy)",
        503 => "Session Context Not Found",
        504 => "Session Context Not Removable",
        505 => "Other Proxy Processing Error",
        506 => "Resources Unavailable",
        507 => "Request Initiated",
        508 => "Multiple Session Selection Unsupported",
        _ => $"Error-Cause {value}",
    };
}
