using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Alpi.HotspotController.Telemetry;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// A broken terminal repeating accounting messages that are not trusted (radclient): every message is counted, the log
/// gets at most one line per terminal and kind a minute.
/// </summary>
public sealed partial class RadiusServerTests
{
    private const int Repeats = 4;
    private FakeLogCollector? _logs;

    /// <summary>The warnings logged since the fixture started whose message names <paramref name="marker"/>, with event id <paramref name="eventId"/>.</summary>
    private int Logged(int eventId, string marker) =>
        Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Id.Id == eventId && r.Message.Contains(marker, StringComparison.Ordinal));

    private FakeLogCollector Logs
    {
        get
        {
            if (_logs is null)
            {
                _logs = new FakeLogCollector();
#pragma warning disable CA2000 // The factory owns the provider from now on and disposes it with the controller.
                _harness.Get<ILoggerFactory>().AddProvider(new FakeLoggerProvider(_logs));
#pragma warning restore CA2000
            }

            return _logs;
        }
    }

    // A terminal sending Acct-Delay-Time 2³²−1 in every message wrote one warning per message: thousands of lines.
    [Test]
    public async Task ImplausibleTimes_FromOneTerminal_AreAllCounted_ButLoggedAtMostOnceAMinute()
    {
        _ = Logs;
        var implausible = _harness.Statistics.Find(RadiusHarness.NasName)?.AccountingImplausibleTimes ?? 0;

        for (var i = 0; i < Repeats; i++)
        {
            (await Radclient.RunAsync(_harness.AcctPort, "acct",
                $"Acct-Status-Type = Start, Acct-Session-Id = \"flood-delay-{i}\", User-Name = \"02-00-00-00-0C-01\", Acct-Delay-Time = 4294967295")).ExitCode.Should().Be(0);
        }

        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingImplausibleTimes.Should().Be(implausible + Repeats, "every message is counted");
        Logged(2, "flood-delay-").Should().BeLessThanOrEqualTo(1, "one line a minute per terminal and attribute");
    }

    [Test]
    public async Task StopsBeforeTheirStart_FromOneTerminal_AreAllCounted_ButLoggedAtMostOnceAMinute()
    {
        _ = Logs;
        var implausible = _harness.Statistics.Find(RadiusHarness.NasName)?.AccountingImplausibleTimes ?? 0;

        for (var i = 0; i < Repeats; i++)
        {
            var common = $"Acct-Session-Id = \"flood-stop-{i}\", User-Name = \"02-00-00-00-0C-02\"";
            (await Radclient.RunAsync(_harness.AcctPort, "acct", $"Acct-Status-Type = Start, {common}")).ExitCode.Should().Be(0);
            (await Radclient.RunAsync(_harness.AcctPort, "acct", $"Acct-Status-Type = Stop, {common}, Acct-Delay-Time = 86000, Acct-Session-Time = 10")).ExitCode.Should().Be(0);
        }

        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingImplausibleTimes.Should().Be(implausible + Repeats);
        Logged(4, "flood-stop-").Should().BeLessThanOrEqualTo(1);
    }

    // A Class naming an account the request does not show was logged once per message and counted nowhere.
    [Test]
    public async Task ClassMismatches_AreCountedInTheTerminalsTelemetry_AndLoggedAtMostOnceAMinute()
    {
        _ = Logs;
        var owner = await CreateAccountAsync("class-flood@example.org", "correct horse");
        var foreignClass = "0x" + Convert.ToHexString(Encoding.ASCII.GetBytes($"alpi:{owner.Id}:mac"));
        var before = ClassMismatchesInTelemetry();

        for (var i = 0; i < Repeats; i++)
        {
            (await Radclient.RunAsync(_harness.AcctPort, "acct",
                $"Acct-Status-Type = Start, Acct-Session-Id = \"flood-class-{i}\", User-Name = \"02-00-00-00-0C-03\", Calling-Station-Id = \"02-00-00-00-0C-03\", Class = {foreignClass}")).ExitCode.Should().Be(0);
        }

        ClassMismatchesInTelemetry().Should().Be(before + Repeats, "each message is counted in hotspot_terminal");
        Logged(3, "flood-class-").Should().BeLessThanOrEqualTo(1);
    }

    /// <summary>The <c>accounting_class_mismatches</c> field of the harness terminal's <c>hotspot_terminal</c> point, or -1 when absent.</summary>
    private long ClassMismatchesInTelemetry()
    {
        var terminal = _harness.Get<HotspotController.Radius.NasClientRegistry>().Clients.Single(c => c.Name == RadiusHarness.NasName);
        var point = HotspotTelemetryPoints.Terminal(terminal, _harness.Statistics.Find(RadiusHarness.NasName), null, TerminalState.Unknown, TimeProvider.System.GetUtcNow());
        var match = Regex.Match(LineProtocolWriter.Format([point]), @"[ ,]accounting_class_mismatches=(\d+)u");
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }
}
