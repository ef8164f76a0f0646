namespace Alpi.HotspotController.Radius;

/// <summary>Where the RADIUS servers listen (RFC 2865 §3, RFC 2866 §3 ports by default).</summary>
public sealed class RadiusServerOptions
{
    /// <summary>Address the UDP sockets bind to. Default <c>127.0.0.1</c>; <c>0.0.0.0</c> or <c>::</c> to serve terminals.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Authentication (Access-Request, Status-Server) UDP port. Default 1812.</summary>
    public int AuthPort { get; set; } = 1812;

    /// <summary>Accounting (Accounting-Request) UDP port. Default 1813.</summary>
    public int AcctPort { get; set; } = 1813;
}
