using System.Diagnostics;
using System.Globalization;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// A real mosquitto running the files shipped in <c>install/mosquitto/</c>: <c>alpi.conf</c> as the drop-in of a main
/// file laid out like Debian's (persistence location, log file, include_dir), its listeners moved to free loopback
/// ports and its file paths into a temp folder, with a test CA and broker certificate, and with the password and ACL
/// files written by the shipped <c>add-collector.sh</c> and <c>add-agent.sh</c>.
/// </summary>
internal sealed class ShippedMosquitto : IDisposable
{
    public const string CollectorUser = "alpi-collector";
    public const string CollectorPassword = "collector-secret";

    private ShippedMosquitto(MosquittoBroker broker, string folder, int tlsPort, TestCertificates certificates)
    {
        Broker = broker;
        Folder = folder;
        TlsPort = tlsPort;
        Certificates = certificates;
    }

    /// <summary>The running broker; its <see cref="MosquittoBroker.Port"/> is the plain loopback listener.</summary>
    public MosquittoBroker Broker { get; }

    /// <summary>The plain (loopback) listener's port.</summary>
    public int PlainPort => Broker.Port;

    /// <summary>The TLS listener's port.</summary>
    public int TlsPort { get; }

    /// <summary>The broker's folder (configuration, password and ACL files under <c>alpi/</c>, certificates, log).</summary>
    public string Folder { get; }

    /// <summary>The test CA and broker certificate.</summary>
    public TestCertificates Certificates { get; }

    /// <summary>The ACL file written by the scripts.</summary>
    public string AclFile => Path.Combine(Folder, "alpi", "acl");

    /// <summary>The broker's log.</summary>
    public string LogFile => Path.Combine(Folder, "mosquitto.log");

    /// <summary>The shipped <c>install/mosquitto</c> folder, found above the test binaries.</summary>
    public static string InstallFolder { get; } = FindInstallFolder();

    /// <summary>
    /// Adds the collector user and one agent per (tenant, host, password) with the shipped scripts, then starts mosquitto.
    /// </summary>
    public static async Task<ShippedMosquitto> StartAsync(params (string Tenant, string Host, string Password)[] agents)
    {
        var folder = new TempDirectory("alpi-mosquitto-shipped");
        try
        {
            await RunScriptAsync(folder.Path, "add-collector.sh", CollectorUser, CollectorPassword);
            foreach (var (tenant, host, password) in agents)
            {
                await RunScriptAsync(folder.Path, "add-agent.sh", tenant, host, password);
            }

            var certificates = TestCertificates.Create(folder.Path);
            var plainPort = FreePort.Tcp();
            var tlsPort = FreePort.Tcp();
            var confD = Directory.CreateDirectory(Path.Combine(folder.Path, "conf.d")).FullName;
            var shipped = await File.ReadAllTextAsync(Path.Combine(InstallFolder, "alpi.conf"));
            await File.WriteAllTextAsync(Path.Combine(confD, "alpi.conf"), Rewrite(shipped, new Dictionary<string, string>
            {
                ["listener 8883"] = $"listener {tlsPort} 127.0.0.1",
                ["listener 1883"] = $"listener {plainPort} 127.0.0.1",
                ["cafile"] = "cafile " + certificates.CaFile,
                ["certfile"] = "certfile " + certificates.CertFile,
                ["keyfile"] = "keyfile " + certificates.KeyFile,
                ["password_file"] = "password_file " + Path.Combine(folder.Path, "alpi", "passwd"),
                ["acl_file"] = "acl_file " + Path.Combine(folder.Path, "alpi", "acl"),
            }));

            // What Debian's /etc/mosquitto/mosquitto.conf sets, in the temp folder.
            var main = Path.Combine(folder.Path, "mosquitto.conf");
            await File.WriteAllTextAsync(main, $"""
                persistence true
                persistence_location {folder.Path}/
                log_dest file {folder.Path}/mosquitto.log
                include_dir {confD}
                """);
            var broker = await MosquittoBroker.StartAsync(folder, main, plainPort);
            return new ShippedMosquitto(broker, folder.Path, tlsPort, certificates);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Runs a shipped script with the password and ACL files in <paramref name="folder"/>/alpi and no reload.</summary>
    /// <returns>Its standard output.</returns>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code (its error output is in the message).</exception>
    public static async Task<string> RunScriptAsync(string folder, string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(InstallFolder, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ALPI_MOSQUITTO_DIR"] = Path.Combine(folder, "alpi");
        info.Environment["ALPI_MOSQUITTO_RELOAD"] = "no";
        info.Environment["ALPI_BROKER_HOST"] = "broker.test";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>
    /// Replaces each line of <paramref name="config"/> that starts with a key of <paramref name="replacements"/> by its
    /// value; every key must match exactly one line, so that a change to the shipped file fails here rather than
    /// leaving a production path or port in the test.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key matches no line or several.</exception>
    public static string Rewrite(string config, IReadOnlyDictionary<string, string> replacements)
    {
        var used = replacements.Keys.ToDictionary(k => k, _ => 0);
        var lines = config.Split('\n').Select(line =>
        {
            foreach (var (key, value) in replacements)
            {
                if (line == key || line.StartsWith(key + " ", StringComparison.Ordinal))
                {
                    used[key]++;
                    return value;
                }
            }

            return line;
        }).ToList();
        var wrong = used.Where(u => u.Value != 1).Select(u => $"\"{u.Key}\" ({u.Value.ToString(CultureInfo.InvariantCulture)} lines)").ToList();
        return wrong.Count == 0 ? string.Join('\n', lines)
            : throw new InvalidOperationException("install/mosquitto/alpi.conf changed: expected one line for " + string.Join(", ", wrong));
    }

    /// <summary>Stops mosquitto and deletes its folder.</summary>
    public void Dispose() => Broker.Dispose();

    private static string FindInstallFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "install", "mosquitto");
            if (File.Exists(Path.Combine(candidate, "alpi.conf")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"install/mosquitto/alpi.conf not found above {AppContext.BaseDirectory}");
    }
}
