namespace Alpi.HotspotController.Coa;

/// <summary>
/// How the controller, as Dynamic Authorization Client (RFC 5176 §1.3), sends Disconnect-Request and CoA-Request to
/// the terminals (<c>Hotspot:Coa</c>).
/// </summary>
public sealed class CoaOptions
{
    /// <summary>How long to wait for an ACK or NAK before retransmitting. Default 3 s; 100 ms to 1 min.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retransmissions of an unanswered request (identical datagram, RFC 5080 §2.2.1). Default 2; 0 to 10.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// Local address the requests are sent from, or empty (default) to let the system choose. Set it to the address
    /// the terminals know as their RADIUS server: CoovaChilli accepts Disconnect-Request only from there unless it
    /// runs with <c>coanoipcheck</c>.
    /// </summary>
    public string BindAddress { get; set; } = "";

    /// <summary>
    /// Whether requests carry Event-Timestamp (RFC 5176 §3, used by the NAS against replays, §4.2). Default true; false
    /// for a terminal that answers NAK 401 Unsupported Attribute to it.
    /// </summary>
    public bool SendEventTimestamp { get; set; } = true;
}
