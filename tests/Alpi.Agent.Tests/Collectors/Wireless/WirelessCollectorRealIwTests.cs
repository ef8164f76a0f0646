using System.Diagnostics;
using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Agent.Collectors.Wireless;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Wireless;

/// <summary>
/// The collector with the real process runner and this machine's real <c>iw</c> (Debian package <c>iw</c>) and
/// <c>/sys</c>: the build machines have no Wi-Fi, and a kernel without cfg80211 makes <c>iw dev</c> fail with
/// "nl80211 not found.": the collection must complete, count the failure and publish its status.
/// </summary>
[Category("Integration")]
public class WirelessCollectorRealIwTests
{
    [Test]
    public async Task Collect_ForcedOnThisMachine_CompletesAndReportsWhatIwDid()
    {
        var runner = new ProcessCommandRunner();
        var iw = runner.Locate("iw");
        var collector = new WirelessCollector(new HostFileSystem("/"), runner, Options.Create(new WirelessOptions { Enabled = true }), new CapturingLogger<WirelessCollector>());
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        var status = sink.Points.Single(p => p.Measurement == "wifi_collector");
        status.Fields.Single(f => f.Key == "iw_available").Value.AsBoolean.Should().Be(iw is not null);
        if (iw is not null)
        {
            using var direct = Process.Start(new ProcessStartInfo(iw, "dev") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await direct.WaitForExitAsync();
            var failures = status.Fields.Single(f => f.Key == "command_failures").Value.AsInteger;
            failures.Should().Be(direct.ExitCode == 0 ? 0 : 1, "a failing `iw dev` is counted once and stops the collection of iw figures");
        }
    }
}
