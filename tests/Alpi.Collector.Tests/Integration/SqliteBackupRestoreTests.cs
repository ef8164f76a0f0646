using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The backup procedure of the README ("Backups"), as an operator would run it: <c>sqlite3 FILE ".backup COPY"</c> on
/// every SQLite file of a running collector's data directory (SQLite's online backup API: a consistent copy while the
/// collector writes), then a collector started on the copies alone has the same inventory, silences and accounts.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SqliteBackupRestoreTests
{
    [Test]
    public async Task OnlineBackup_OfARunningCollector_RestoresInventorySilencesAndAccounts()
    {
        const string sqlite3 = "/usr/bin/sqlite3";
        File.Exists(sqlite3).Should().BeTrue("the Debian package sqlite3 is needed (test.sh installs it)");
        using var backup = new TempDirectory("alpi-backup");
        var comment = "backup-probe-" + Guid.NewGuid().ToString("N")[..8];

        await using (var collector = await CollectorHarness.StartAsync())
        {
            // State in each file: the local agent's host (state.db), a silence (alerts.db), an account (security.db).
            var host = await Eventually.WaitAsync(async () =>
            {
                var hosts = await collector.GetJsonAsync("/api/hosts");
                return hosts.EnumerateArray().Any(h => h.GetProperty("host").GetString() == PipelineAssertions.ThisHost) ? "seen" : null;
            }, TimeSpan.FromSeconds(30));
            host.Should().NotBeNull("the local agent's host is in the inventory");
            using (var silence = await collector.Http.PostAsJsonAsync(new Uri("/api/silences", UriKind.Relative),
                new { matchers = new Dictionary<string, string> { ["host"] = "srv-backup-*" }, duration = "2h", by = "backup-test", comment }))
            {
                silence.StatusCode.Should().Be(HttpStatusCode.Created, await silence.Content.ReadAsStringAsync());
            }

            using (var account = await collector.Http.PostAsJsonAsync(new Uri("/api/security/users", UriKind.Relative),
                new { name = "restored-alice", role = "technician", password = "a long enough password 42" }))
            {
                account.StatusCode.Should().Be(HttpStatusCode.Created, await account.Content.ReadAsStringAsync());
            }

            // The online backup, while the collector runs (and its local agent keeps publishing).
            var files = Directory.GetFiles(collector.DataDirectory, "*.db").Select(Path.GetFileName).ToList();
            files.Should().Contain(["state.db", "alerts.db", "security.db"]);
            foreach (var file in files)
            {
                var (exitCode, output) = await RunAsync(sqlite3, Path.Combine(collector.DataDirectory, file!), $".backup '{Path.Combine(backup.Path, file!)}'");
                exitCode.Should().Be(0, $"sqlite3 .backup of {file}: {output}");
                (await RunAsync(sqlite3, Path.Combine(backup.Path, file!), "PRAGMA integrity_check;")).Output.Trim().Should().Be("ok");
            }
        }

        // The collector and its data are gone; a new one starts on the copies alone (its local agent off, so that what
        // it shows comes from the backup).
        await using var restored = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:DataDirectory"] = backup.Path,
            ["Agent:Enabled"] = "false",
        });
        var hosts = await restored.GetJsonAsync("/api/hosts");
        hosts.EnumerateArray().Select(h => h.GetProperty("host").GetString()).Should().Contain(PipelineAssertions.ThisHost);
        var silences = await restored.GetJsonAsync("/api/silences");
        silences.EnumerateArray().Select(s => s.GetProperty("comment").GetString()).Should().Contain(comment);
        var accounts = await restored.GetJsonAsync("/api/security/users");
        accounts.EnumerateArray().Select(a => a.GetProperty("name").GetString()).Should().Contain("restored-alice");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
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
}
