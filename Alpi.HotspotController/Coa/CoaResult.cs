namespace Alpi.HotspotController.Coa;

/// <summary>The outcome of one Disconnect-Request or CoA-Request, as a value (never an exception for a network outcome).</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ErrorCause">The Error-Cause value of the answer (RFC 5176 §3.5; e.g. 503 Session Context Not Found in a NAK, 201 Residual Session Context Removed in an ACK), or null.</param>
/// <param name="Attempts">Datagrams sent: 1 plus the retransmissions.</param>
/// <param name="IgnoredReplies">Datagrams received and ignored meanwhile: undecodable, from another address, with another identifier, or failing the Response Authenticator or Message-Authenticator check.</param>
/// <param name="Detail">A sentence for people (why nothing was sent, the unexpected code), or null.</param>
public sealed record CoaResult(CoaOutcome Outcome, uint? ErrorCause, int Attempts, int IgnoredReplies, string? Detail)
{
    /// <summary>The name of <see cref="ErrorCause"/> (RFC 5176 §3.5), or null.</summary>
    public string? ErrorCauseName => ErrorCause is { } cause ? CoaErrorCause.GetName(cause) : null;

    /// <summary>
    /// True when the session is known to be gone: ACK, or NAK with 503 Session Context Not Found (the NAS had already
    /// ended it).
    /// </summary>
    public bool SessionGone => Outcome == CoaOutcome.Acked || (Outcome == CoaOutcome.Naked && ErrorCause == CoaErrorCause.SessionContextNotFound);
}
