namespace Alpi.Protocols.Tests.Radius;

/// <summary>Test vectors: RFC 2865 §7.1 and datagrams captured from radclient (FreeRADIUS 3.2.1, Debian freeradius-utils).</summary>
internal static class RadiusCaptures
{
    /// <summary>RFC 2865 §7.1: Access-Request from NAS 192.168.1.16 port 3, user "nemo", password "arctangent", secret "xyzzy5461".</summary>
    public static readonly byte[] Rfc2865AccessRequest = Convert.FromHexString(
        "010000380F403F9473978057BD83D5CB98F4227A01066E656D6F02120DBE708D93D413CE3196E43F782A0AEE0406C0A8011005060000000 3".Replace(" ", "", StringComparison.Ordinal));

    /// <summary>RFC 2865 §7.1: the Access-Accept answering <see cref="Rfc2865AccessRequest"/> (Service-Type Login, Login-Service Telnet, Login-IP-Host 192.168.1.3).</summary>
    public static readonly byte[] Rfc2865AccessAccept = Convert.FromHexString(
        "0200002686FE220E7624BA2A1005F6BF9B55E0B20606000000010F06000000000E06C0A80103");

    /// <summary>The RFC 2865 §7.1 shared secret.</summary>
    public const string Rfc2865Secret = "xyzzy5461";

    /// <summary>Secret used with radclient.</summary>
    public const string RadclientSecret = "testing123";

    /// <summary>
    /// <c>echo 'User-Name = "u", User-Password = "p", Message-Authenticator = 0x00' | radclient -x 127.0.0.1:PORT auth testing123</c>
    /// (Id 158; radclient fills in Message-Authenticator).
    /// </summary>
    public static readonly byte[] RadclientPap = Convert.FromHexString(
        "019E003B93137133FB7CC7ADF8DB70044AB9B1160103750212ED730612E0A53C2ACD85B357ACFCCFA65012888EA0A98C5F07CE87CC0DBF89C8D0BB");

    /// <summary><c>echo 'User-Name = "u", CHAP-Password = "p"' | radclient -x 127.0.0.1:PORT auth testing123</c> (Id 1, no CHAP-Challenge).</summary>
    public static readonly byte[] RadclientChap = Convert.FromHexString(
        "0101002AC48D6E11A27D35FE5EC8C736BE1C383401037503133ACC97E5E331AED672BACC53CA11162D67");

    /// <summary>
    /// <c>echo 'User-Name = "u", Acct-Status-Type = Start, Acct-Session-Id = "0123456789ABCDEF"' | radclient -x 127.0.0.1:PORT acct testing123</c> (Id 69).
    /// </summary>
    public static readonly byte[] RadclientAccountingStart = Convert.FromHexString(
        "0445002F050A557B35D643F2655873E71F548C6C0103752806000000012C1230313233343536373839414243444546");
}
