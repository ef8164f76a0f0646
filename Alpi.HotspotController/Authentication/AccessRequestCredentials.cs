using System.Security.Cryptography;
using System.Text;
using Alpi.HotspotController.Devices;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// What an Access-Request (RFC 2865 §4.1) offers to authenticate: the User-Name, the User-Password recovered with the
/// shared secret (RFC 2865 §5.2) or the CHAP-Password with its challenge (RFC 2865 §5.3, §5.40), the device
/// (Calling-Station-Id, RFC 2865 §5.31) and the access point (Called-Station-Id, RFC 2865 §5.30).
/// </summary>
public sealed record AccessRequestCredentials
{
    /// <summary>Service-Type Call-Check (RFC 2865 §5.6, value 10): MAC authentication by some NAS (RFC 3580 §3.21).</summary>
    public const uint ServiceTypeCallCheck = 10;

    /// <summary>User-Name as sent, or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The recovered User-Password octets, or null when the request has none (never logged).</summary>
    public byte[]? Password { get; init; }

    /// <summary>The 17-octet CHAP-Password value (ident and response), or null.</summary>
    public byte[]? ChapPassword { get; init; }

    /// <summary>The CHAP challenge: CHAP-Challenge, or the Request Authenticator when there is none (RFC 2865 §5.3).</summary>
    public byte[] ChapChallenge { get; init; } = [];

    /// <summary>The Calling-Station-Id as a MAC, or null when absent or not a MAC.</summary>
    public MacAddress? CallingStationMac { get; init; }

    /// <summary>The Called-Station-Id read as BSSID and SSID (empty when absent).</summary>
    public CalledStationId CalledStation { get; init; }

    /// <summary>Service-Type (RFC 2865 §5.6), or null.</summary>
    public uint? ServiceType { get; init; }

    /// <summary>True when the request carries EAP-Message (RFC 3579), which the controller does not serve.</summary>
    public bool HasEapMessage { get; init; }

    /// <summary>True when the User-Password attribute was present but could not be recovered (bad length, RFC 2865 §5.2).</summary>
    public bool MalformedPassword { get; init; }

    /// <summary>The password as UTF-8 text, or null.</summary>
    public string? PasswordText => Password is null ? null : Encoding.UTF8.GetString(Password);

    /// <summary>Reads the credentials of an Access-Request.</summary>
    /// <param name="request">The decoded request.</param>
    /// <param name="secret">The NAS client's shared secret, to recover User-Password.</param>
    public static AccessRequestCredentials Read(RadiusPacket request, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? password = null;
        var malformed = false;
        if (request.Find(RadiusAttributeType.UserPassword) is { } hidden)
        {
            Span<byte> buffer = stackalloc byte[RadiusCrypto.MaxPasswordLength];
            if (RadiusCrypto.TryUnhidePassword(hidden.Value.Span, secret, request.Authenticator.Span, buffer, out var written, out _))
            {
                password = buffer[..written].ToArray();
            }
            else
            {
                malformed = true;
            }

            CryptographicOperations.ZeroMemory(buffer);
        }

        var calling = request.Find(RadiusAttributeType.CallingStationId)?.GetString();
        return new AccessRequestCredentials
        {
            UserName = request.Find(RadiusAttributeType.UserName)?.GetString(),
            Password = password,
            MalformedPassword = malformed,
            ChapPassword = request.Find(RadiusAttributeType.ChapPassword)?.Value.ToArray(),
            ChapChallenge = (request.Find(RadiusAttributeType.ChapChallenge)?.Value ?? request.Authenticator).ToArray(),
            CallingStationMac = MacAddress.TryParse(calling, out var mac) ? mac : null,
            CalledStation = CalledStationId.Parse(request.Find(RadiusAttributeType.CalledStationId)?.GetString()),
            ServiceType = request.Find(RadiusAttributeType.ServiceType) is { } type && type.TryGetUInt32(out var value) ? value : null,
            HasEapMessage = request.Find(RadiusAttributeType.EapMessage) is not null,
        };
    }

    /// <summary>True when the CHAP-Password verifies against <paramref name="secret"/> (RFC 1994 §4.1), in constant time.</summary>
    public bool ChapMatches(string secret) =>
        ChapPassword is not null && RadiusCrypto.VerifyChapPassword(ChapPassword, Encoding.UTF8.GetBytes(secret), ChapChallenge);

    /// <summary>True when the User-Password equals <paramref name="expected"/>, in constant time.</summary>
    public bool PasswordEquals(string expected) =>
        Password is not null && CryptographicOperations.FixedTimeEquals(Password, Encoding.UTF8.GetBytes(expected));
}
