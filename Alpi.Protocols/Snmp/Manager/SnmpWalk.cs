namespace Alpi.Protocols.Snmp.Manager;

/// <summary>How a walk proceeds.</summary>
/// <param name="UseBulk">GetBulk (v2c, v3) instead of GetNext; ignored for v1.</param>
/// <param name="MaxRepetitions">max-repetitions of each GetBulk; net-snmp's snmpbulkwalk uses 10 (<c>-Cr</c>).</param>
/// <param name="AllowNonIncreasing">Carry on past an OID that is not greater than the previous one (known out-of-order
/// agents; net-snmp's <c>-Cc</c>); the walk then stops at <paramref name="MaxVarbinds"/> at the latest.</param>
/// <param name="MaxVarbinds">Hard cap on the varbinds one walk returns, against agents that loop.</param>
public sealed record SnmpWalkOptions(bool UseBulk = true, int MaxRepetitions = 10, bool AllowNonIncreasing = false, int MaxVarbinds = 1_000_000);

/// <summary>The varbinds a walk collected, and why it stopped if not at the end of the subtree.</summary>
/// <param name="Varbinds">The subtree's varbinds in the agent's order.</param>
/// <param name="Failure">Null when the walk reached the end of the subtree; else what stopped it (time-out, error-status,
/// non-increasing OID, cap), the varbinds before it being kept.</param>
public sealed record SnmpWalkResult(IReadOnlyList<Varbind> Varbinds, SnmpResult? Failure);

public sealed partial class SnmpClient
{
    /// <summary>
    /// Walks the subtree under <paramref name="root"/> with GetNext (v1, or <see cref="SnmpWalkOptions.UseBulk"/> false)
    /// or GetBulk, as net-snmp's snmpwalk and snmpbulkwalk do: stops at the first OID outside the subtree, at
    /// endOfMibView, at a v1 noSuchName, and with <see cref="SnmpStatus.NonIncreasingOid"/> at an OID not greater than
    /// the previous one (compared arc by arc as unsigned numbers) unless allowed.
    /// </summary>
    /// <returns>The varbinds, and the failure that ended the walk early, if any.</returns>
    public async Task<SnmpWalkResult> WalkAsync(SnmpTarget target, Oid root, SnmpWalkOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new SnmpWalkOptions();
        var bulk = options.UseBulk && target.Version != SnmpVersion.V1;
        var varbinds = new List<Varbind>();
        var current = root;
        Oid? previous = null;
        while (true)
        {
            var result = bulk
                ? await GetBulkAsync(target, 0, Math.Max(1, options.MaxRepetitions), [current], cancellationToken)
                : await GetNextAsync(target, [current], cancellationToken);
            if (result.Status == SnmpStatus.ErrorStatus && result.ErrorStatus == SnmpErrorStatus.NoSuchName)
            {
                return new SnmpWalkResult(varbinds, null); // v1 end of the MIB view (RFC 1157 §4.1.3)
            }

            if (result.Status != SnmpStatus.Ok)
            {
                return new SnmpWalkResult(varbinds, result);
            }

            if (result.Varbinds.Count == 0)
            {
                return new SnmpWalkResult(varbinds, null);
            }

            var added = 0;
            foreach (var varbind in result.Varbinds)
            {
                if (varbind.Value.Type == SnmpValueType.EndOfMibView || !varbind.Oid.StartsWith(root) || varbind.Oid.Length == root.Length)
                {
                    return new SnmpWalkResult(varbinds, null);
                }

                if (previous is { } p && varbind.Oid <= p)
                {
                    if (!options.AllowNonIncreasing)
                    {
                        return new SnmpWalkResult(varbinds, new SnmpResult(SnmpStatus.NonIncreasingOid, result.Pdu,
                            $"OID .{varbind.Oid} is not greater than the previous .{p}; the agent returns OIDs out of order"));
                    }

                    if (varbind.Oid == p)
                    {
                        continue;
                    }
                }

                varbinds.Add(varbind);
                added++;
                previous = varbind.Oid;
                if (varbinds.Count >= options.MaxVarbinds)
                {
                    return new SnmpWalkResult(varbinds, new SnmpResult(SnmpStatus.NonIncreasingOid, result.Pdu,
                        $"stopped after {options.MaxVarbinds} varbinds (the walk's cap)"));
                }
            }

            if (added == 0)
            {
                return new SnmpWalkResult(varbinds, new SnmpResult(SnmpStatus.NonIncreasingOid, result.Pdu,
                    $"the agent repeats .{current} and the walk cannot progress"));
            }

            current = varbinds[^1].Oid;
        }
    }
}
