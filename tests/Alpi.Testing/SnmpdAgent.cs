using System.Diagnostics;
using System.Globalization;

namespace Alpi.Testing;

/// <summary>
/// A real net-snmp agent (Debian package <c>snmpd</c>) on a free 127.0.0.1 UDP port, configured by the test:
/// community <see cref="Community"/> read-only, and SNMPv3 users <c>shaaes</c> (SHA/AES), <c>sha256aes</c>
/// (SHA-256/AES), <c>sha224aes</c> (SHA-224/AES), <c>md5des</c> (MD5/DES) and <c>authonly</c> (SHA, no privacy), all with authentication
/// password <see cref="AuthPassword"/> and privacy password <see cref="PrivPassword"/>. Stopped on dispose.
/// See ../shared/PEERS.md for the flags (no MIB files: numeric OIDs only).
/// </summary>
public sealed class SnmpdAgent : IDisposable
{
    /// <summary>The read-only v1/v2c community.</summary>
    public const string Community = "alpi-public";

    /// <summary>The v3 users' authentication password.</summary>
    public const string AuthPassword = "authpass-0123";

    /// <summary>The v3 users' privacy password.</summary>
    public const string PrivPassword = "privpass-0123";

    private readonly TempDirectory _folder;
    private readonly Process _process;

    private SnmpdAgent(int port, Process process, TempDirectory folder)
    {
        Port = port;
        _process = process;
        _folder = folder;
    }

    /// <summary>The agent's UDP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The <c>host:port</c> target net-snmp's tools take.</summary>
    public string Target => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts snmpd and waits until it answers a v2c GET of sysDescr (at most 10 s).</summary>
    /// <param name="extraConfiguration">
    /// snmpd.conf lines appended to the test configuration, to make the agent look like another device: <c>sysObjectID OID</c>,
    /// and <c>override OID TYPE VALUE</c> lines (TYPE <c>integer</c>, <c>uinteger</c> for Gauge32, <c>counter</c>, <c>octet_str</c>,
    /// <c>object_id</c>; see snmpd.conf(5)) that serve a vendor table's cells as if the agent implemented its MIB.
    /// </param>
    /// <exception cref="InvalidOperationException">snmpd or snmpget is missing, or the agent did not answer.</exception>
    public static async Task<SnmpdAgent> StartAsync(string? extraConfiguration = null)
    {
        foreach (var tool in new[] { "/usr/sbin/snmpd", "/usr/bin/snmpget" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: install the Debian packages snmpd and snmp (the README's test command does).");
            }
        }

        var port = FreePort.Udp();
        var folder = new TempDirectory("alpi-snmpd");
        var config = Path.Combine(folder.Path, "snmpd.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            agentAddress udp:127.0.0.1:{port}
            rocommunity {Community} 127.0.0.1
            createUser shaaes SHA "{AuthPassword}" AES "{PrivPassword}"
            createUser sha256aes SHA-256 "{AuthPassword}" AES "{PrivPassword}"
            createUser sha224aes SHA-224 "{AuthPassword}" AES "{PrivPassword}"
            createUser md5des MD5 "{AuthPassword}" DES "{PrivPassword}"
            createUser authonly SHA "{AuthPassword}"
            rouser shaaes priv
            rouser sha256aes priv
            rouser sha224aes priv
            rouser md5des priv
            rouser authonly auth
            sysLocation Alpi test bench
            sysContact alpi@example.invalid
            {extraConfiguration}
            """));
        var info = new ProcessStartInfo("/usr/sbin/snmpd");
        foreach (var arg in new[] { "-f", "-C", "-c", config, "-m", "", "-M", "/dev/null", "-Lf", Path.Combine(folder.Path, "snmpd.log"), "-p", Path.Combine(folder.Path, "snmpd.pid") })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SNMP_PERSISTENT_DIR"] = folder.Path;
        info.Environment["MIBS"] = "";
        info.Environment["MIBDIRS"] = "/dev/null";
        var process = PeerProcess.Start(info);
        var agent = new SnmpdAgent(port, process, folder);
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"snmpd exited with code {process.ExitCode} at start; see {config}");
            }

            var (exit, _) = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", Community, "-t", "0.3", "-r", "0", agent.Target, "1.3.6.1.2.1.1.1.0");
            if (exit == 0)
            {
                return agent;
            }
        }

        agent.Dispose();
        throw new InvalidOperationException($"snmpd did not answer on {agent.Target} within 10 s");
    }

    /// <summary>Stops snmpd.</summary>
    public void Dispose()
    {
        PeerProcess.Stop(_process);
        _folder.Dispose();
    }
}
