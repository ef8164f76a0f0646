namespace Alpi.Agent.Collectors.Gateway;

/// <summary>
/// Configuration of the <c>hotspot_gateway</c> collector (the captive-portal gateway of a Cigale terminal, CoovaChilli by
/// default), bound from <c>Agent:Gateway</c> (<c>ALPI_Agent__Gateway__Enabled=true</c>).
/// </summary>
public sealed class HotspotGatewayOptions
{
    /// <summary>The configuration section, from the configuration root.</summary>
    public const string SectionPath = "Agent:Gateway";

    /// <summary>The kernel keeps at most this many characters of a process name in <c>/proc/PID/comm</c> (TASK_COMM_LEN - 1).</summary>
    public const int MaxProcessNameLength = 15;

    /// <summary>
    /// <c>true</c> always collects, <c>false</c> never; unset (the default) collects while <see cref="QueryCommand"/> is
    /// installed (CoovaChilli's package ships <c>chilli_query</c> beside <c>chilli</c>), so that servers publish nothing.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The gateway's process name as <c>/proc/PID/comm</c> shows it. Default <c>chilli</c>; at most 15 characters.</summary>
    public string ProcessName { get; set; } = "chilli";

    /// <summary>
    /// The session listing command, run as <c>QueryCommand [-s SocketPath] list</c> (CoovaChilli's <c>chilli_query</c>,
    /// chilli_query(1)); a name looked up on <c>PATH</c> then in the sbin directories, or a path. Empty: no session count.
    /// </summary>
    public string QueryCommand { get; set; } = "chilli_query";

    /// <summary>chilli's command socket when not the default (<c>chilli_query -s</c>, chilli's <c>cmdsocket</c> option).</summary>
    public string? SocketPath { get; set; }

    /// <summary>Longest run of the query before it is killed. Default 5 s (0.1 s to 60 s).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
