namespace Alpi.HotspotController.Coa;

/// <summary>How a Disconnect-Request or CoA-Request ended (RFC 5176 §2).</summary>
public enum CoaOutcome
{
    /// <summary>The NAS answered Disconnect-ACK or CoA-ACK (RFC 5176 §3.1, §3.2), authenticated.</summary>
    Acked,

    /// <summary>The NAS answered Disconnect-NAK or CoA-NAK, authenticated; <see cref="CoaResult.ErrorCause"/> says why (RFC 5176 §3.5).</summary>
    Naked,

    /// <summary>No authenticated answer after the first transmission and every retransmission.</summary>
    TimedOut,

    /// <summary>An authenticated answer that is neither the ACK nor the NAK of the request sent (RFC 5176 §3: a NAS bug); not retried.</summary>
    BadResponse,

    /// <summary>Nothing was sent: the NAS has no single address (it is declared as a network), or the socket could not send; <see cref="CoaResult.Detail"/> says which.</summary>
    NotSent,
}
