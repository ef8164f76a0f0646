using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Install;

/// <summary>
/// <c>install/debian/install.sh</c> run for real with <c>--prefix</c> into a temporary folder (this machine has no
/// systemd as PID 1, and the test must not touch /etc): the files it lays, their permissions, the secrets and their
/// coherence with Mosquitto's password file (checked by a real Mosquitto), the broker certificate, the units as
/// <c>systemd-analyze verify</c> sees them, and that a second run changes nothing.
/// The published binaries are stand-ins (executable scripts): the script, not the daemons, is under test.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DebianInstallScriptTests
{
    private const string Tenant = "mairie-test";
    private const string BrokerName = "supervision.test";

    private static readonly string[] EnvFiles = ["collector.env", "hotspot.env", "agent.env"];

    [Test]
    public async Task Install_LaysFilesWithTheirPermissions_AndASecondRunChangesNothing()
    {
        using var work = new TempDirectory("alpi-install");
        var published = FakePublished(work.Path);
        var root = Path.Combine(work.Path, "root");

        var first = await RunAsync("--prefix", root, "--published", published, "--tenant", Tenant, "--broker-name", BrokerName);
        first.ExitCode.Should().Be(0, first.Output);
        LastLine(first.Output).Should().MatchRegex(@"^alpi install: [1-9][0-9]* changed$");

        // Folders and files, with their modes.
        Mode(root, "etc/alpi").Should().Be("750");
        Mode(root, "var/lib/alpi").Should().Be("750");
        Mode(root, "opt/alpi").Should().Be("755");
        foreach (var part in new[] { "collector/Alpi.Collector", "hotspot/Alpi.HotspotController", "agent/Alpi.Agent" })
        {
            File.ReadAllText(Path.Combine(root, "opt/alpi", part)).Should().Be(File.ReadAllText(Path.Combine(published, part)));
            Mode(root, "opt/alpi/" + part).Should().Be("755");
        }

        foreach (var env in EnvFiles)
        {
            Mode(root, "etc/alpi/" + env).Should().Be("600", $"{env} holds secrets: root only");
        }

        Mode(root, "etc/mosquitto/conf.d/alpi.conf").Should().Be("644");
        File.ReadAllText(Path.Combine(root, "etc/mosquitto/conf.d/alpi.conf")).Should().Be(File.ReadAllText(Path.Combine(RepoRoot, "install/mosquitto/alpi.conf")));
        Mode(root, "etc/mosquitto/certs/alpi-ca.key").Should().Be("600");
        Mode(root, "etc/mosquitto/certs/alpi-broker.key").Should().Be("640");
        Mode(root, "etc/mosquitto/alpi/passwd").Should().Be("640");
        Mode(root, "etc/mosquitto/alpi/acl").Should().Be("640");
        foreach (var unit in new[] { "alpi-collector", "alpi-hotspot", "alpi-agent" })
        {
            Mode(root, $"etc/systemd/system/{unit}.service").Should().Be("644");
        }

        // Secrets: generated, distinct, and long enough.
        var collector = Env(root, "collector.env");
        var hotspot = Env(root, "hotspot.env");
        var agent = Env(root, "agent.env");
        var secrets = new[]
        {
            collector["ALPI_Collector__Broker__Password"], collector["ALPI_Collector__Security__Tokens__install__Token"],
            hotspot["ALPI_Hotspot__Telemetry__Broker__Password"], hotspot["ALPI_Hotspot__Admin__Tokens__0__Token"], hotspot["ALPI_Hotspot__Portal__UamSecret"],
            agent["ALPI_Agent__Broker__Password"],
        };
        secrets.Should().OnlyHaveUniqueItems().And.OnlyContain(s => s.Length == 64);
        collector["ALPI_Collector__Broker__Embedded"].Should().Be("false");
        collector["ALPI_Collector__Broker__Username"].Should().Be("alpi-collector");
        collector["ALPI_Hotspot__Enabled"].Should().Be("false", "the hotspot controller runs as its own service");
        agent["ALPI_Agent__Tenant"].Should().Be(Tenant);
        var agentUser = agent["ALPI_Agent__Broker__Username"];
        agentUser.Should().Be($"{Tenant}.{agent["ALPI_Agent__Host"]}");
        collector["ALPI_Agent__Broker__Username"].Should().Be(agentUser, "the collector's local agent supervises this server");
        collector["ALPI_Agent__Broker__Password"].Should().Be(agent["ALPI_Agent__Broker__Password"]);

        // The ACL has one block per user, and a real Mosquitto accepts the passwords of the environment files.
        var acl = File.ReadAllText(Path.Combine(root, "etc/mosquitto/alpi/acl"));
        acl.Should().Contain("# BEGIN alpi collector alpi-collector").And.Contain("# BEGIN alpi hotspot alpi-hotspot").And.Contain($"# BEGIN alpi agent {agentUser}");
        using (var broker = await BrokerOnAsync(root))
        {
            (await PublishAsync(broker.Port, "alpi-collector", collector["ALPI_Collector__Broker__Password"], "alpi/x/y/events")).Should().Be(0);
            (await PublishAsync(broker.Port, "alpi-hotspot", hotspot["ALPI_Hotspot__Telemetry__Broker__Password"], "alpi/x/y/metrics")).Should().Be(0);
            (await PublishAsync(broker.Port, agentUser, agent["ALPI_Agent__Broker__Password"], $"alpi/{Tenant}/{agent["ALPI_Agent__Host"]}/metrics")).Should().Be(0);
            (await PublishAsync(broker.Port, "alpi-collector", "wrong-password", "alpi/x/y/events")).Should().NotBe(0, "the broker checks passwords");
        }

        // The broker certificate: signed by the CA the clients get, for the broker's name.
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(root, "etc/alpi/alpi-ca.crt")));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(root, "etc/mosquitto/certs/alpi-broker.crt")));
        certificate.MatchesHostname(BrokerName).Should().BeTrue();
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.Build(certificate).Should().BeTrue(string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }

        await VerifyUnitsAsync(root, work.Path);

        // Second run: nothing changes, not a file nor a secret.
        var before = Snapshot(root);
        var second = await RunAsync("--prefix", root, "--published", published, "--tenant", Tenant, "--broker-name", BrokerName);
        second.ExitCode.Should().Be(0, second.Output);
        LastLine(second.Output).Should().Be("alpi install: 0 changed", second.Output);
        Snapshot(root).Should().Equal(before, "a second run changes nothing");
    }

    [Test]
    public async Task SecondRun_WithNewBinaries_ReplacesThemAndKeepsTheSecrets()
    {
        using var work = new TempDirectory("alpi-install");
        var published = FakePublished(work.Path);
        var root = Path.Combine(work.Path, "root");
        (await RunAsync("--prefix", root, "--published", published)).ExitCode.Should().Be(0);
        var envBefore = EnvFiles.Select(f => File.ReadAllText(Path.Combine(root, "etc/alpi", f))).ToList();
        var passwdBefore = File.ReadAllText(Path.Combine(root, "etc/mosquitto/alpi/passwd"));

        File.WriteAllText(Path.Combine(published, "collector/Alpi.Collector"), "#!/bin/sh\necho v2\n");
        var second = await RunAsync("--prefix", root, "--published", published);

        second.ExitCode.Should().Be(0, second.Output);
        second.Output.Should().Contain("changed: binaries in " + Path.Combine(root, "opt/alpi/collector"));
        LastLine(second.Output).Should().Be("alpi install: 1 changed");
        File.ReadAllText(Path.Combine(root, "opt/alpi/collector/Alpi.Collector")).Should().Contain("v2");
        EnvFiles.Select(f => File.ReadAllText(Path.Combine(root, "etc/alpi", f))).Should().Equal(envBefore);
        File.ReadAllText(Path.Combine(root, "etc/mosquitto/alpi/passwd")).Should().Be(passwdBefore);
    }

    [Test]
    public async Task DryRun_ChangesNothing()
    {
        using var work = new TempDirectory("alpi-install");
        var published = FakePublished(work.Path);
        var root = Path.Combine(work.Path, "root");

        var result = await RunAsync("--prefix", root, "--published", published, "--with-influxdb", "--with-postgresql", "--dry-run");

        result.ExitCode.Should().Be(0, result.Output);
        Directory.Exists(root).Should().BeFalse("a dry run creates nothing:\n" + result.Output);
        result.Output.Should().Contain("would change: created " + Path.Combine(root, "etc/alpi/collector.env"));
        LastLine(result.Output).Should().MatchRegex(@"^alpi install: [1-9][0-9]* to change \(dry run: nothing changed\)$");
    }

    [TestCase("--tenant", "has.dot", Description = "an agent user name is <tenant>.<host>: no dot in the tenant")]
    [TestCase("--published", "/nonexistent", Description = "published folders that are not there")]
    [TestCase("--frobnicate", null, Description = "an unknown option")]
    public async Task BadArguments_ExitWith2AndSaySo(string option, string? value)
    {
        using var work = new TempDirectory("alpi-install");
        var root = Path.Combine(work.Path, "root");
        var arguments = new List<string> { "--prefix", root, option };
        if (value is not null)
        {
            arguments.Add(value);
        }

        var result = await RunAsync([.. arguments]);

        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().Contain(option);
        Directory.Exists(root).Should().BeFalse();
    }

    private static string RepoRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "install", "debian", "install.sh")))
                {
                    return directory.FullName;
                }
            }

            throw new FileNotFoundException("install/debian/install.sh not found above " + AppContext.BaseDirectory);
        }
    }

    private static string FakePublished(string work)
    {
        var published = Path.Combine(work, "published");
        foreach (var part in new[] { "collector/Alpi.Collector", "hotspot/Alpi.HotspotController", "agent/Alpi.Agent" })
        {
            var path = Path.Combine(published, part);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"#!/bin/sh\necho {Path.GetFileName(path)}\n");
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "settings.json"), "{}\n");
        }

        return published;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoRoot, "install/debian/install.sh"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1];

    private static string Mode(string root, string relative)
    {
        var mode = (int)File.GetUnixFileMode(Path.Combine(root, relative));
        return Convert.ToString(mode, 8);
    }

    private static Dictionary<string, string> Env(string root, string file) =>
        File.ReadAllLines(Path.Combine(root, "etc/alpi", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>Every file and folder under <paramref name="root"/>: path, mode, size, modification time and SHA-256.</summary>
    private static List<string> Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            var info = new FileInfo(path);
            var isFile = File.Exists(path);
            var hash = isFile ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "dir";
            var size = isFile ? info.Length : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(root, path)} {Convert.ToString((int)File.GetUnixFileMode(path), 8)} {size} {File.GetLastWriteTimeUtc(path):O} {hash}");
        }).ToList();

    /// <summary>A Mosquitto on the installed password and ACL files (copied: the prefix's folders are root's).</summary>
    private static async Task<MosquittoBroker> BrokerOnAsync(string root)
    {
        var folder = new TempDirectory("alpi-install-broker");
        var port = FreePort.Tcp();
        File.Copy(Path.Combine(root, "etc/mosquitto/alpi/passwd"), Path.Combine(folder.Path, "passwd"));
        File.Copy(Path.Combine(root, "etc/mosquitto/alpi/acl"), Path.Combine(folder.Path, "acl"));
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {folder.Path}/passwd\nacl_file {folder.Path}/acl\nset_tcp_nodelay true\n"));
        return await MosquittoBroker.StartAsync(folder, config, port);
    }

    /// <summary>mosquitto_pub's exit code for one QoS 1 message (0: accepted; not authorised: non-zero).</summary>
    private static async Task<int> PublishAsync(int port, string user, string password, string topic)
    {
        var info = new ProcessStartInfo("mosquitto_pub", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", password,
            "-q", "1", "-t", topic, "-m", "probe value=1"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>
    /// <c>systemd-analyze verify</c> on the installed units, with <c>/opt/alpi</c> and <c>/etc/alpi</c> pointed into the
    /// prefix (it checks that ExecStart is executable). Skipped where systemd-analyze is not installed.
    /// </summary>
    private static async Task VerifyUnitsAsync(string root, string work)
    {
        const string tool = "/usr/bin/systemd-analyze";
        if (!File.Exists(tool))
        {
            TestContext.Out.WriteLine("systemd-analyze not installed: units not verified");
            return;
        }

        var folder = Directory.CreateDirectory(Path.Combine(work, "units")).FullName;
        var units = new List<string>();
        foreach (var unit in Directory.GetFiles(Path.Combine(root, "etc/systemd/system"), "*.service"))
        {
            var text = (await File.ReadAllTextAsync(unit)).Replace("/opt/alpi/", root + "/opt/alpi/", StringComparison.Ordinal)
                .Replace("/etc/alpi/", root + "/etc/alpi/", StringComparison.Ordinal);
            var copy = Path.Combine(folder, Path.GetFileName(unit));
            await File.WriteAllTextAsync(copy, text);
            units.Add(copy);
        }

        units.Should().HaveCount(3);
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("verify");
        units.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = (await stdout) + (await stderr);
        // Other packages' units may draw warnings of their own (freeradius.service: MemoryLimit=); ours must draw none.
        output.Split('\n').Where(l => l.Contains("alpi-", StringComparison.Ordinal)).Should().BeEmpty(output);
        process.ExitCode.Should().Be(0, output);
    }
}
