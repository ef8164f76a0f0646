using System.Net;
using System.Text.Json;
using Alpi.Collector.Security.Accounts;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Security;

/// <summary>The first start: an administrator exists and the person can log in with the password the collector gave; later starts leave it alone.</summary>
[TestFixture]
[Category("Integration")]
public sealed class BootstrapTests
{
    [Test]
    public async Task FirstStart_CreatesAnAdministrator_WhoseInitialPasswordLogsIn_AndLaterStartsKeepIt()
    {
        using var data = new TempDirectory("alpi-bootstrap");
        var settings = new Dictionary<string, string?> { ["Collector:DataDirectory"] = data.Path };
        var file = Path.Combine(data.Path, InitialPassword.FileName);
        string password;
        await using (var first = await CollectorHarness.StartAsync(settings))
        {
            File.Exists(file).Should().BeTrue();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            password = (await File.ReadAllTextAsync(file)).TrimEnd('\n');
            using var client = await SecurityClients.LoginAsync(first, "admin", password);
            (await client.GetStringAsync(new Uri("/api/security/me", UriKind.Relative))).Should().Contain("\"role\":\"administrator\"");
            var audit = await first.GetJsonAsync("/api/security/audit?action=account.bootstrap");
            audit.EnumerateArray().Should().ContainSingle().Which.GetProperty("actor").GetString().Should().Be("system");
        }

        await using var second = await CollectorHarness.StartAsync(settings);
        var accounts = await second.GetJsonAsync("/api/security/users");
        accounts.EnumerateArray().Select(a => a.GetProperty("name").GetString()).Should().Equal("admin");
        (await File.ReadAllTextAsync(file)).TrimEnd('\n').Should().Be(password, "a later start creates nothing");
    }

    [Test]
    public async Task FirstStart_BootstrapAdminEmpty_CreatesNoAccount()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Collector:Security:BootstrapAdmin"] = "" });

        (await collector.Services.GetRequiredService<AccountStore>().CountAsync(CancellationToken.None)).Should().Be(0);
        File.Exists(Path.Combine(collector.DataDirectory, InitialPassword.FileName)).Should().BeFalse();
    }

    [Test]
    public async Task InitialPasswordChangedThroughTheApi_FileIsDeleted()
    {
        await using var collector = await CollectorHarness.StartAsync();
        var file = Path.Combine(collector.DataDirectory, InitialPassword.FileName);
        File.Exists(file).Should().BeTrue();

        using var response = await collector.Http.PatchAsync(new Uri("/api/security/users/admin", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { password = "my own admin password" }), System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(file).Should().BeFalse();
    }

    [Test]
    public async Task FirstStart_TheAdministratorsPasswordMessage_IsPrintedAfterTheDashboardsAddress_AsTheReadmeShows()
    {
        // A new user's check (issue 8): the message came before "Alpi dashboard: …" (ApplicationStarted runs its callbacks
        // last registered first), while the README shows it last, where the technician reads.
        await using var collector = await Broker.CollectorProcess.StartEmbeddedAsync("bootstrap-order", FreePort.Tcp(), new Dictionary<string, string>());

        var lines = await Eventually.WaitAsync(() =>
        {
            var output = collector.Output.Split('\n');
            return Task.FromResult<string[]?>(output.Any(l => l.StartsWith("      dotnet run --project Alpi.Collector -- users passwd admin", StringComparison.Ordinal)) ? output : null);
        }, TimeSpan.FromSeconds(30));

        lines.Should().NotBeNull($"the first start's message is printed:\n{collector.Output}");
        var dashboard = Array.FindIndex(lines!, l => l.StartsWith("Alpi dashboard: http://127.0.0.1:", StringComparison.Ordinal));
        var message = Array.IndexOf(lines!, "Alpi: first start: administrator account \"admin\" created.");
        dashboard.Should().BeGreaterThanOrEqualTo(0, collector.Output);
        message.Should().BeGreaterThan(dashboard, $"the message comes after the dashboard's address:\n{collector.Output}");
        lines![message + 1].Should().Contain("Its initial password is in", "the output is not a terminal: the password stays in its file");
    }
    [Test]
    public async Task WithTheBundledController_TheHostsStartLines_ArePrintedOnce_AndNoKeyRingWarning()
    {
        // A new user's check: "Application started. Press Ctrl+C to shut down." (and "Now listening on", the content
        // root) came twice, the bundled controller's host repeating the collector's, and the portal's Data Protection
        // warned that its keys may be stored unencrypted (the key ring's 0700 folder protects it, as the collector's).
        using var hotspot = new TempDirectory("alpi-bootstrap-hotspot");
        await using var collector = await Broker.CollectorProcess.StartEmbeddedAsync("bootstrap-bundled", FreePort.Tcp(), new Dictionary<string, string>
        {
            ["Hotspot:Enabled"] = "true",
            ["Hotspot:DataDirectory"] = hotspot.Path,
            ["Hotspot:Radius:BindAddress"] = "127.0.0.1",
            ["Hotspot:Radius:AuthPort"] = FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hotspot:Radius:AcctPort"] = FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hotspot:Portal:Url"] = $"http://127.0.0.1:{FreePort.Tcp()}",
            ["Logging:LogLevel:Default"] = "Information",
        });

        var output = await Eventually.WaitAsync(() => Task.FromResult(collector.Output.Contains("Alpi captive portal and hotspot admin API: http://127.0.0.1:", StringComparison.Ordinal)
            && collector.Output.Contains("Application started.", StringComparison.Ordinal) ? collector.Output : null), TimeSpan.FromSeconds(60));

        output.Should().NotBeNull($"both hosts start:\n{collector.Output}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the controller's host would print its lines just after its address
        collector.Output.Split('\n').Count(l => l.Contains("Application started. Press Ctrl+C to shut down.", StringComparison.Ordinal))
            .Should().Be(1, $"one process, one \"Application started\":\n{collector.Output}");
        collector.Output.Should().NotContain("No XML encryptor configured");
    }

    [Test]
    public async Task ASecondCollector_OnTheSameDataDirectory_StopsAtOnce_NamingIt_BeforeItsBrokerListens()
    {
        // A new user's check: the second collector's broker listened before the DuckDB store's lock stopped it, and a
        // stack trace followed the sentence.
        await using var first = await Broker.CollectorProcess.StartEmbeddedAsync("lock-first", FreePort.Tcp(), new Dictionary<string, string>());
        await using var second = await Broker.CollectorProcess.StartEmbeddedAsync("lock-second", FreePort.Tcp(), new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Information",
        });
        await second.StopAsync();
        var listenedBefore = Count(second.Output, "Embedded MQTT broker listening");

        var start = () => second.StartAgainAsync(new Dictionary<string, string> { ["Collector:DataDirectory"] = first.DataDirectory });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("exited with 2");
        var sentence = $"Alpi.Collector cannot start: another collector uses the data directory {first.DataDirectory} (it holds collector.lock)";
        (await Eventually.WaitAsync(() => Task.FromResult(second.Output.Contains(sentence, StringComparison.Ordinal) ? second.Output : null), TimeSpan.FromSeconds(5)))
            .Should().NotBeNull($"the second collector names the directory:\n{second.Output}");
        second.Output.Should().NotContain("   at ", "one sentence, no stack trace");
        Count(second.Output, "Embedded MQTT broker listening").Should().Be(listenedBefore, "nothing listens before the data directory is held");
        (await first.PointsStoredAsync()).Should().BeGreaterThanOrEqualTo(0, "the first collector runs on");
    }

    private static int Count(string text, string what) => text.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));
}
