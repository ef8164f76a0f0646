namespace Alpi.Protocols.Radius;

/// <summary>Why a hidden User-Password could not be recovered (RFC 2865 §5.2).</summary>
public enum RadiusPasswordError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The hidden value is empty or not a multiple of 16 octets (RFC 2865 §5.2).</summary>
    LengthNotMultipleOf16,

    /// <summary>The hidden value is longer than 128 octets (RFC 2865 §5.2).</summary>
    TooLong,

    /// <summary>The destination cannot hold the recovered password.</summary>
    DestinationTooSmall,
}
