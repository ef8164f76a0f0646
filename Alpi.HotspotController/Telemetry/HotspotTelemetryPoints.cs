using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.LineProtocol;

namespace Alpi.HotspotController.Telemetry;

/// <summary>
/// The two measurements the controller publishes, in InfluxDB line protocol (cumulative counters since the
/// controller started as unsigned integers, <c>u</c>, as Telegraf writes counters; gauges as signed integers, <c>i</c>).
/// Field names follow the RADIUS server MIBs (RFC 4669 <c>radiusAuthServ*</c>, RFC 4671 <c>radiusAccServ*</c>) in
/// Telegraf's snake_case.
/// <list type="table">
/// <item><term><c>hotspot_terminal,group=&lt;group&gt;,nas=&lt;name&gt;</c></term><description>one per terminal, on
/// <c>alpi/&lt;tenant&gt;/&lt;terminal&gt;/metrics</c>: <c>up</c> (boolean; left out while the state is unknown),
/// <c>active_sessions</c> (i, open accounting sessions; left out when the database cannot be read),
/// <c>access_requests</c>, <c>access_accepts</c>, <c>access_rejects</c>, <c>accounting_requests</c>,
/// <c>accounting_starts</c>, <c>accounting_interim_updates</c>, <c>accounting_stops</c>, <c>accounting_on_off</c>,
/// <c>accounting_implausible_times</c> (Acct-Delay-Time or Acct-Session-Time values not trusted, and Stops dated before
/// their start), <c>accounting_class_mismatches</c> (Classes naming an account the request does not show),
/// <c>mac_auth_mismatches</c> (MAC authentications refused because the User-Name's MAC is not the Calling-Station-Id's),
/// <c>status_server</c>, <c>duplicate_requests</c> (retransmissions answered from the cache), <c>dropped</c>
/// (datagrams discarded, all reasons), <c>input_octets</c> and <c>output_octets</c> (octets from and to the devices
/// since the controller started, from accounting: <see cref="TerminalTraffic"/>) — all u —; <c>last_request_age</c>
/// (float seconds since its last verified request; left out when none since the start); <c>input_octets_per_second</c>
/// and <c>output_octets_per_second</c> (float, over the last interim interval, or since the controller started when that is shorter);
/// <c>latitude</c> and <c>longitude</c> (float WGS 84 degrees, when the NAS client has them, for the dashboard's map).</description></item>
/// <item><term><c>alpi_hotspot</c></term><description>one for the controller, on its own host topic:
/// <c>terminals</c>, <c>terminals_up</c>, <c>terminals_down</c>, <c>terminals_unknown</c>, <c>active_sessions</c> (i);
/// <c>access_accepts</c>, <c>access_rejects</c>, <c>accounting_requests</c>, <c>duplicate_requests</c>,
/// <c>dropped_&lt;reason&gt;</c> for every <see cref="RadiusDropReason"/> (e.g. <c>dropped_unknown_client</c>,
/// <c>dropped_duplicate_in_progress</c>), <c>coa_requests</c>, <c>coa_retransmissions</c>, <c>coa_acked</c>,
/// <c>coa_naked</c>, <c>coa_timed_out</c>, <c>coa_bad_response</c>, <c>coa_not_sent</c> (u); <c>telemetry_queued</c>
/// (i), <c>telemetry_dropped</c> and <c>telemetry_rejected</c> (u), this publisher's own backlog and losses;
/// <c>audit_failures</c> (u, audit entries that could not be written: <see cref="Audit.AuditStatistics.WriteFailures"/>).</description></item>
/// </list>
/// </summary>
public static class HotspotTelemetryPoints
{
    /// <summary>The measurement of the per-terminal point.</summary>
    public const string TerminalMeasurement = "hotspot_terminal";

    /// <summary>The measurement of the controller's own point.</summary>
    public const string ControllerMeasurement = "alpi_hotspot";

    /// <summary>Nanoseconds since the Unix epoch, the line-protocol timestamp of <paramref name="at"/>.</summary>
    public static long ToUnixNanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>The <c>hotspot_terminal</c> point of one terminal.</summary>
    /// <param name="terminal">The NAS client.</param>
    /// <param name="statistics">Its RADIUS counters, or null when it sent nothing since the start (all zero).</param>
    /// <param name="activeSessions">Its open sessions, or null when unknown (field left out).</param>
    /// <param name="state">Its presence; <see cref="TerminalState.Unknown"/> leaves <c>up</c> out.</param>
    /// <param name="now">The time of the point.</param>
    /// <param name="traffic">Its traffic this round, or null to leave the traffic fields out.</param>
    /// <exception cref="ArgumentNullException"><paramref name="terminal"/> is null.</exception>
    public static LinePoint Terminal(NasClientEntry terminal, RadiusNasStatistics? statistics, int? activeSessions, TerminalState state, DateTimeOffset now, TerminalTrafficSample? traffic = null)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var fields = new List<KeyValuePair<string, FieldValue>>(24);
        if (state != TerminalState.Unknown)
        {
            fields.Add(new("up", FieldValue.Boolean(state == TerminalState.Up)));
        }

        if (activeSessions is { } active)
        {
            fields.Add(new("active_sessions", FieldValue.Integer(active)));
        }

        fields.Add(Counter("access_requests", statistics?.AccessRequests));
        fields.Add(Counter("access_accepts", statistics?.AccessAccepts));
        fields.Add(Counter("access_rejects", statistics?.AccessRejects));
        fields.Add(Counter("accounting_requests", statistics?.AccountingRequests));
        fields.Add(Counter("accounting_starts", statistics?.AccountingStarts));
        fields.Add(Counter("accounting_interim_updates", statistics?.AccountingInterimUpdates));
        fields.Add(Counter("accounting_stops", statistics?.AccountingStops));
        fields.Add(Counter("accounting_on_off", statistics?.AccountingOnOff));
        fields.Add(Counter("accounting_implausible_times", statistics?.AccountingImplausibleTimes));
        fields.Add(Counter("accounting_class_mismatches", statistics?.AccountingClassMismatches));
        fields.Add(Counter("mac_auth_mismatches", statistics?.MacAuthMismatches));
        fields.Add(Counter("status_server", statistics?.StatusServer));
        fields.Add(Counter("duplicate_requests", statistics?.DuplicatesResent));
        fields.Add(Counter("dropped", statistics?.Dropped));
        if (statistics?.LastRequestAt is { } last)
        {
            fields.Add(new("last_request_age", FieldValue.Float(Math.Max(0, (now - last).TotalSeconds))));
        }

        if (traffic is { } t)
        {
            fields.Add(Counter("input_octets", t.InputOctets));
            fields.Add(Counter("output_octets", t.OutputOctets));
            if (t.InputRate is { } inputRate && t.OutputRate is { } outputRate)
            {
                fields.Add(new("input_octets_per_second", FieldValue.Float(inputRate)));
                fields.Add(new("output_octets_per_second", FieldValue.Float(outputRate)));
            }
        }

        // Coordinates a NAS client cannot hold out of range are refused when stored; NaN is never written.
        if (terminal.Client.Latitude is { } latitude && terminal.Client.Longitude is { } longitude && double.IsFinite(latitude) && double.IsFinite(longitude))
        {
            fields.Add(new("latitude", FieldValue.Float(latitude)));
            fields.Add(new("longitude", FieldValue.Float(longitude)));
        }

        return new LinePoint(
            TerminalMeasurement,
            [new("group", terminal.Client.GroupName), new("nas", terminal.Name)],
            fields,
            ToUnixNanoseconds(now));
    }

    /// <summary>The <c>alpi_hotspot</c> point of the controller.</summary>
    /// <param name="radius">The RADIUS counters.</param>
    /// <param name="coa">The Disconnect/CoA counters.</param>
    /// <param name="states">The presence of every known terminal.</param>
    /// <param name="activeSessions">Open sessions, all terminals, or null when unknown (field left out).</param>
    /// <param name="queued">Messages waiting in the telemetry queue.</param>
    /// <param name="telemetryDropped">Messages dropped from the full telemetry queue since the start.</param>
    /// <param name="telemetryRejected">Messages the broker refused since the start.</param>
    /// <param name="auditFailures">Audit entries that could not be written since the start (<see cref="Audit.AuditStatistics.WriteFailures"/>).</param>
    /// <param name="now">The time of the point.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LinePoint Controller(RadiusServerStatistics radius, CoaStatistics coa, IEnumerable<TerminalState> states, int? activeSessions, int queued, long telemetryDropped, long telemetryRejected, long auditFailures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(radius);
        ArgumentNullException.ThrowIfNull(coa);
        ArgumentNullException.ThrowIfNull(states);
        int total = 0, up = 0, down = 0;
        foreach (var state in states)
        {
            total++;
            up += state == TerminalState.Up ? 1 : 0;
            down += state == TerminalState.Down ? 1 : 0;
        }

        var fields = new List<KeyValuePair<string, FieldValue>>(40)
        {
            new("terminals", FieldValue.Integer(total)),
            new("terminals_up", FieldValue.Integer(up)),
            new("terminals_down", FieldValue.Integer(down)),
            new("terminals_unknown", FieldValue.Integer(total - up - down)),
        };
        if (activeSessions is { } active)
        {
            fields.Add(new("active_sessions", FieldValue.Integer(active)));
        }

        long accepts = 0, rejects = 0, accounting = 0, duplicates = 0;
        foreach (var nas in radius.Nas)
        {
            accepts += nas.AccessAccepts;
            rejects += nas.AccessRejects;
            accounting += nas.AccountingRequests;
            duplicates += nas.DuplicatesResent;
        }

        fields.Add(Counter("access_accepts", accepts));
        fields.Add(Counter("access_rejects", rejects));
        fields.Add(Counter("accounting_requests", accounting));
        fields.Add(Counter("duplicate_requests", duplicates));
        foreach (var reason in RadiusDropReasonNames.All)
        {
            fields.Add(Counter("dropped_" + reason.ToName(), radius.GetDropped(reason)));
        }

        fields.Add(Counter("coa_requests", coa.Requests));
        fields.Add(Counter("coa_retransmissions", coa.Retransmissions));
        fields.Add(Counter("coa_acked", coa.Outcomes.GetValueOrDefault(CoaOutcome.Acked)));
        fields.Add(Counter("coa_naked", coa.Outcomes.GetValueOrDefault(CoaOutcome.Naked)));
        fields.Add(Counter("coa_timed_out", coa.Outcomes.GetValueOrDefault(CoaOutcome.TimedOut)));
        fields.Add(Counter("coa_bad_response", coa.Outcomes.GetValueOrDefault(CoaOutcome.BadResponse)));
        fields.Add(Counter("coa_not_sent", coa.Outcomes.GetValueOrDefault(CoaOutcome.NotSent)));
        fields.Add(new("telemetry_queued", FieldValue.Integer(queued)));
        fields.Add(Counter("telemetry_dropped", telemetryDropped));
        fields.Add(Counter("telemetry_rejected", telemetryRejected));
        fields.Add(Counter("audit_failures", auditFailures));
        return new LinePoint(ControllerMeasurement, [], fields, ToUnixNanoseconds(now));
    }

    private static KeyValuePair<string, FieldValue> Counter(string name, long? value) =>
        new(name, FieldValue.UInteger((ulong)Math.Max(0, value ?? 0)));
}
