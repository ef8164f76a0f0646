namespace Alpi.Protocols.Snmp;

/// <summary>A variable binding: an OID and its value (or exception, or decode error).</summary>
/// <param name="Oid">The variable's name.</param>
/// <param name="Value">Its value; <see cref="SnmpValue.Null"/> in requests.</param>
/// <remarks>Source: RFC 3416 §3, <c>VarBind ::= SEQUENCE { name ObjectName, CHOICE {...} }</c>.</remarks>
public readonly record struct Varbind(Oid Oid, SnmpValue Value)
{
    /// <summary>A varbind for a request: the OID with a NULL value (RFC 3416 §4.2.1, unSpecified).</summary>
    /// <param name="oid">The OID to get.</param>
    /// <returns>The varbind.</returns>
    public static Varbind ForRequest(Oid oid) => new(oid, SnmpValue.Null);

    /// <summary><c>OID = TYPE: value</c>, as net-snmp's tools print with <c>-On</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $".{Oid} = {Value}";
}
