using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Alpi.Testing;

/// <summary>
/// A FreeRADIUS 3.2 server (Debian package <c>freeradius</c>) started on free loopback ports with a configuration
/// written here: Debian's <c>/etc/freeradius/3.0</c> copied to a temporary folder, its sites replaced by one virtual
/// server doing <c>files</c> + PAP/CHAP, no EAP, one client (127.0.0.1) and the given users in
/// <c>mods-config/files/authorize</c>. Run with <c>-f</c> (foreground, not the slower debug <c>-X</c>). The bench peer
/// of the RADIUS benchmarks.
/// </summary>
public sealed class FreeRadiusServer : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private FreeRadiusServer(Process process, TempDirectory directory, int authPort, int acctPort)
    {
        _process = process;
        _directory = directory;
        AuthPort = authPort;
        AcctPort = acctPort;
    }

    /// <summary>The authentication UDP port on 127.0.0.1.</summary>
    public int AuthPort { get; }

    /// <summary>The accounting UDP port on 127.0.0.1.</summary>
    public int AcctPort { get; }

    /// <summary>CPU time (user and system) the <c>radiusd</c> process has used since it started.</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the server and waits until it answers a Status-Server.</summary>
    /// <param name="secret">The shared secret of the 127.0.0.1 client.</param>
    /// <param name="users">User-Name and Cleartext-Password pairs.</param>
    /// <exception cref="InvalidOperationException">freeradius is not installed or did not become ready in 10 s (its log is quoted).</exception>
    public static async Task<FreeRadiusServer> StartAsync(string secret, IEnumerable<(string UserName, string Password)> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (!File.Exists("/usr/sbin/freeradius"))
        {
            throw new InvalidOperationException("freeradius is not installed: apt-get install freeradius");
        }

        var directory = new TempDirectory("alpi-freeradius");
        var d = directory.Path;
        CopyDirectory("/etc/freeradius/3.0", d);
        foreach (var site in Directory.GetFileSystemEntries(Path.Combine(d, "sites-enabled")))
        {
            File.Delete(site);
        }

        File.Delete(Path.Combine(d, "mods-enabled", "eap"));
        var authPort = FreePort.Udp();
        var acctPort = FreePort.Udp();
        await File.WriteAllTextAsync(Path.Combine(d, "sites-enabled", "alpi-bench"), string.Create(CultureInfo.InvariantCulture, $$"""
            server default {
            listen {
              type = auth
              ipaddr = 127.0.0.1
              port = {{authPort}}
            }
            listen {
              type = acct
              ipaddr = 127.0.0.1
              port = {{acctPort}}
            }
            authorize {
              files
              pap
              chap
            }
            authenticate {
              Auth-Type PAP {
                pap
              }
              Auth-Type CHAP {
                chap
              }
            }
            preacct {
              acct_unique
            }
            accounting {
              ok
            }
            post-auth {
              ok
            }
            }
            """));
        await File.WriteAllTextAsync(Path.Combine(d, "clients.conf"), $"client alpi {{\n  ipaddr = 127.0.0.1\n  secret = {secret}\n}}\n");
        var authorize = new StringBuilder();
        foreach (var (userName, password) in users)
        {
            authorize.Append(CultureInfo.InvariantCulture, $"\"{userName}\" Cleartext-Password := \"{password}\"\n");
        }

        await File.WriteAllTextAsync(Path.Combine(d, "mods-config", "files", "authorize"), authorize.ToString());
        var conf = await File.ReadAllLinesAsync(Path.Combine(d, "radiusd.conf"));
        for (var i = 0; i < conf.Length; i++)
        {
            var line = conf[i].Trim();
            if (line.StartsWith("run_dir =", StringComparison.Ordinal))
            {
                conf[i] = $"run_dir = {d}/run";
            }
            else if (line.StartsWith("logdir =", StringComparison.Ordinal))
            {
                conf[i] = $"logdir = {d}/log";
            }
            else if (line.StartsWith("user = ", StringComparison.Ordinal) || line.StartsWith("group = ", StringComparison.Ordinal))
            {
                conf[i] = "# " + line; // stay root: the temporary folder is not readable by freerad
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(d, "radiusd.conf"), conf);
        Directory.CreateDirectory(Path.Combine(d, "run"));
        Directory.CreateDirectory(Path.Combine(d, "log"));
        var log = new StringBuilder();
        var info = new ProcessStartInfo("/usr/sbin/freeradius") { ArgumentList = { "-f", "-d", d, "-l", "stdout" } };
        var process = PeerProcess.Start(info);
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        var server = new FreeRadiusServer(process, directory, authPort, acctPort);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (log)
            {
                if (log.ToString().Contains("Ready to process requests", StringComparison.Ordinal))
                {
                    return server;
                }
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        server.Dispose();
        lock (log)
        {
            throw new InvalidOperationException("freeradius did not start:\n" + log);
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose()
    {
        PeerProcess.Stop(_process);
        _directory.Dispose();
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, entry.FullName));
            if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
            }
            else if (entry.LinkTarget is { } link)
            {
                // mods-enabled/* are symbolic links to ../mods-available/*: keep them relative.
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(entry.FullName, target);
            }
        }
    }
}
