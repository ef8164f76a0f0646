namespace Alpi.Protocols.Snmp;

/// <summary>
/// A PDU in the common format: GetRequest, GetNextRequest, Response, SetRequest, GetBulkRequest, InformRequest,
/// SNMPv2-Trap and Report. In a GetBulkRequest the error-status and error-index fields carry non-repeaters and
/// max-repetitions (<see cref="NonRepeaters"/>, <see cref="MaxRepetitions"/>).
/// </summary>
/// <param name="Type">The PDU type; not <see cref="SnmpPduType.TrapV1"/> (see <see cref="TrapV1Pdu"/>).</param>
/// <param name="RequestId">request-id, matching a response to its request.</param>
/// <param name="ErrorStatus">error-status (non-repeaters in a GetBulkRequest); any INTEGER decoded is kept.</param>
/// <param name="ErrorIndex">error-index, 1-based index of the faulty varbind (max-repetitions in a GetBulkRequest).</param>
/// <param name="Varbinds">The variable bindings.</param>
/// <remarks>Source: RFC 3416 §3 (PDU and BulkPDU ::= SEQUENCE { request-id, error-status/non-repeaters, error-index/max-repetitions, variable-bindings }).</remarks>
public sealed record SnmpPdu(
    SnmpPduType Type,
    int RequestId,
    SnmpErrorStatus ErrorStatus,
    int ErrorIndex,
    IReadOnlyList<Varbind> Varbinds) : ISnmpPdu
{
    /// <summary>non-repeaters of a GetBulkRequest (RFC 3416 §4.2.3), stored in the error-status field.</summary>
    public int NonRepeaters => (int)ErrorStatus;

    /// <summary>max-repetitions of a GetBulkRequest (RFC 3416 §4.2.3), stored in the error-index field.</summary>
    public int MaxRepetitions => ErrorIndex;

    /// <summary>A GetRequest for <paramref name="oids"/> with NULL values (RFC 3416 §4.2.1).</summary>
    /// <param name="requestId">The request-id.</param>
    /// <param name="oids">The OIDs to get.</param>
    /// <returns>The PDU.</returns>
    public static SnmpPdu Get(int requestId, params IEnumerable<Oid> oids) => Request(SnmpPduType.GetRequest, requestId, oids);

    /// <summary>A GetNextRequest for <paramref name="oids"/> with NULL values (RFC 3416 §4.2.2).</summary>
    /// <param name="requestId">The request-id.</param>
    /// <param name="oids">The OIDs whose successors to get.</param>
    /// <returns>The PDU.</returns>
    public static SnmpPdu GetNext(int requestId, params IEnumerable<Oid> oids) => Request(SnmpPduType.GetNextRequest, requestId, oids);

    /// <summary>A GetBulkRequest (RFC 3416 §4.2.3).</summary>
    /// <param name="requestId">The request-id.</param>
    /// <param name="nonRepeaters">How many leading OIDs get a single successor.</param>
    /// <param name="maxRepetitions">How many successors to return for each of the other OIDs.</param>
    /// <param name="oids">The OIDs.</param>
    /// <returns>The PDU.</returns>
    public static SnmpPdu GetBulk(int requestId, int nonRepeaters, int maxRepetitions, params IEnumerable<Oid> oids)
    {
        ArgumentNullException.ThrowIfNull(oids);
        return new(SnmpPduType.GetBulkRequest, requestId, (SnmpErrorStatus)nonRepeaters, maxRepetitions, oids.Select(Varbind.ForRequest).ToArray());
    }

    private static SnmpPdu Request(SnmpPduType type, int requestId, IEnumerable<Oid> oids)
    {
        ArgumentNullException.ThrowIfNull(oids);
        return new(type, requestId, SnmpErrorStatus.NoError, 0, oids.Select(Varbind.ForRequest).ToArray());
    }
}
