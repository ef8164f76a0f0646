namespace Alpi.Protocols.Snmp.Manager;

/// <summary>How an SNMP request ended. Expected network outcomes are values, not exceptions.</summary>
public enum SnmpStatus
{
    /// <summary>A response arrived with error-status noError.</summary>
    Ok,

    /// <summary>No response after every retry.</summary>
    Timeout,

    /// <summary>The response carried a non-zero error-status (<see cref="SnmpResult.ErrorStatus"/>, <see cref="SnmpResult.ErrorIndex"/>).</summary>
    ErrorStatus,

    /// <summary>The response could not be decoded (<see cref="SnmpResult.Detail"/> says why and where).</summary>
    DecodeError,

    /// <summary>The socket could not send.</summary>
    SocketError,

    /// <summary>v3: the agent reported a wrong digest (wrong authentication password), or its response failed our check.</summary>
    AuthenticationFailed,

    /// <summary>v3: the agent does not know the user name (usmStatsUnknownUserNames).</summary>
    UnknownUser,

    /// <summary>v3: the agent could not decrypt (wrong privacy password, usmStatsDecryptionErrors).</summary>
    DecryptionFailed,

    /// <summary>v3: the user does not support the requested security level (usmStatsUnsupportedSecLevels).</summary>
    UnsupportedSecurityLevel,

    /// <summary>v3: still outside the time window after one resynchronisation.</summary>
    NotInTimeWindow,

    /// <summary>v3: engine discovery got no usable Report.</summary>
    DiscoveryFailed,

    /// <summary>A walk met an OID not greater than the previous one (an agent looping); the walk stopped.</summary>
    NonIncreasingOid,
}

/// <summary>The outcome of one SNMP request.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Pdu">The response PDU when one was decoded (also for <see cref="SnmpStatus.ErrorStatus"/>).</param>
/// <param name="Detail">Why it failed, in words, or null.</param>
public sealed record SnmpResult(SnmpStatus Status, SnmpPdu? Pdu, string? Detail = null)
{
    /// <summary>The response's error-status (noError unless <see cref="SnmpStatus.ErrorStatus"/>).</summary>
    public SnmpErrorStatus ErrorStatus => Pdu?.ErrorStatus ?? SnmpErrorStatus.NoError;

    /// <summary>The response's 1-based error-index.</summary>
    public int ErrorIndex => Pdu?.ErrorIndex ?? 0;

    /// <summary>The response's varbinds, empty on failure.</summary>
    public IReadOnlyList<Varbind> Varbinds => Status == SnmpStatus.Ok ? Pdu!.Varbinds : [];

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        SnmpStatus.Ok => $"Ok, {Varbinds.Count} varbinds",
        SnmpStatus.ErrorStatus => $"error-status {ErrorStatus} at index {ErrorIndex}",
        _ => Detail is null ? Status.ToString() : $"{Status}: {Detail}",
    };
}
