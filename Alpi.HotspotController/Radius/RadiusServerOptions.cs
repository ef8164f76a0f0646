namespace Alpi.HotspotController.Radius;

/// <summary>
/// The RADIUS authentication and accounting servers, section <c>Hotspot:Radius</c>: where they listen (RFC 2865 §3,
/// RFC 2866 §3 ports by default), NAS clients declared in configuration beside those of the database, duplicate
/// detection (RFC 5080 §2.2.2) and the MAC-authentication password rule.
/// </summary>
public sealed class RadiusServerOptions
{
    /// <summary>Address the UDP sockets bind to. Default <c>127.0.0.1</c>; <c>0.0.0.0</c> or <c>::</c> to serve terminals.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Authentication (Access-Request, Status-Server) UDP port. Default 1812.</summary>
    public int AuthPort { get; set; } = 1812;

    /// <summary>Accounting (Accounting-Request, Status-Server) UDP port. Default 1813.</summary>
    public int AcctPort { get; set; } = 1813;

    /// <summary>
    /// NAS clients declared in configuration (<c>Hotspot:Radius:Clients:0:Name</c>…), for deployments managed without
    /// the CLI. A database client (<c>nas add</c>) with the same name replaces the configured one.
    /// </summary>
    public IList<RadiusClientOptions> Clients { get; set; } = [];

    /// <summary>
    /// How often the NAS clients are re-read from the database, so that <c>nas add</c> takes effect without a restart.
    /// A request from an unknown address also triggers a re-read (at most once a second). Default 5 s.
    /// </summary>
    public TimeSpan ClientRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a reply is kept to be resent for a retransmitted request (RFC 5080 §2.2.2). Default 30 s.</summary>
    public TimeSpan DuplicateCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most requests remembered for duplicate detection, per server. Default 65,536.</summary>
    public int DuplicateCacheCapacity { get; set; } = 65_536;

    /// <summary>
    /// Requests processed at the same time, per server: the number of threads that each receive a datagram and process
    /// it before the next, so a slow request (a password hash, a database write) holds only its own. The others wait
    /// in the socket's receive buffer. Default 64.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>
    /// Requests that may wait in the socket's receive buffer while every thread is busy, per server: SO_RCVBUF is set
    /// to this × <see cref="ReceiveBufferOctetsPerDatagram"/> octets, which Linux doubles for its bookkeeping and caps
    /// at <c>net.core.rmem_max</c> (212,992 on a stock kernel, room for about 500 requests; the server logs what it
    /// got). A datagram that finds the buffer full is dropped by the kernel and counted as <c>overloaded</c> (Linux).
    /// Default 4,096.
    /// </summary>
    public int QueueCapacity { get; set; } = 4_096;

    /// <summary>
    /// SO_RCVBUF octets asked per <see cref="QueueCapacity"/>: Linux charges a ~130-octet Access-Request about 830
    /// octets of the (doubled) buffer, so this leaves room for larger requests.
    /// </summary>
    public const int ReceiveBufferOctetsPerDatagram = 1_024;

    /// <summary>
    /// The password terminals send with MAC authentication (CoovaChilli <c>macpasswd</c>). When set, a MAC
    /// authentication must carry exactly it; when empty (default), the password must be empty, the User-Name as sent
    /// (CoovaChilli's default) or the same MAC in any spelling. A configured client's own <c>MacPassword</c> wins.
    /// </summary>
    public string MacPassword { get; set; } = "";

    /// <summary>
    /// A suffix terminals append to the MAC in the User-Name of MAC authentications (CoovaChilli <c>macsuffix</c>),
    /// removed before the MAC is read. Default empty.
    /// </summary>
    public string MacSuffix { get; set; } = "";
}
