using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Alpi.Agent.Tests.Terminal;

/// <summary>
/// <c>install/terminal/coovachilli/config</c> read as CoovaChilli's init scripts read it (a shell fragment sourced by
/// <c>conf/functions</c>): it must source cleanly and give what the hotspot controller expects.
/// </summary>
[Category("Integration")]
public partial class CoovaChilliConfigTests
{
    // Every HS_* variable coova-chilli's conf/defaults.in and conf/functions.in read (the names the sample may use).
    private static readonly HashSet<string> KnownVariables = new(StringComparer.Ordinal)
    {
        "HS_WANIF", "HS_LANIF", "HS_NETWORK", "HS_NETMASK", "HS_UAMLISTEN", "HS_UAMPORT", "HS_UAMUIPORT", "HS_DYNIP",
        "HS_DYNIP_MASK", "HS_STATIP", "HS_STATIP_MASK", "HS_DNS_DOMAIN", "HS_DNS1", "HS_DNS2", "HS_NASID", "HS_UAMSECRET",
        "HS_RADIUS", "HS_RADIUS2", "HS_RADSECRET", "HS_UAMALLOW", "HS_UAMDOMAINS", "HS_SSID", "HS_NASMAC", "HS_NASIP",
        "HS_UAMSERVER", "HS_UAMFORMAT", "HS_UAMHOMEPAGE", "HS_UAMSERVICE", "HS_RADCONF", "HS_ANYIP", "HS_MACAUTH",
        "HS_MACAUTHMODE", "HS_MACALLOWED", "HS_MACPASSWD", "HS_USELOCALUSERS", "HS_DEFSESSIONTIMEOUT",
        "HS_DEFIDLETIMEOUT", "HS_DEFBANDWIDTHMAXDOWN", "HS_DEFBANDWIDTHMAXUP", "HS_DEFINTERIMINTERVAL", "HS_COAPORT",
        "HS_MODE", "HS_TYPE", "HS_RADAUTH", "HS_RADACCT", "HS_ADMUSR", "HS_ADMPWD", "HS_RAW_CONFIG2", "HS_LOC_NAME",
    };

    private static readonly string ConfigPath = Path.Join(Path.GetDirectoryName(ShellAgent.ScriptPath)!, "coovachilli", "config");

    [Test]
    public async Task Source_WithDash_GivesWhatTheControllerExpects()
    {
        var values = await SourceAsync("HS_UAMFORMAT HS_UAMSERVER HS_UAMALLOW HS_UAMSECRET HS_RADSECRET HS_MACAUTH HS_MACPASSWD HS_COAPORT HS_RADAUTH HS_RADACCT HS_NASID");

        values["HS_UAMFORMAT"].Should().MatchRegex("^https?://[^/]+/$", "uamserver is the portal's root, as Hotspot:Portal:PublicUrl");
        new Uri(values["HS_UAMFORMAT"]).Host.Should().Be(values["HS_UAMSERVER"]);
        values["HS_UAMALLOW"].Split(',').Should().Contain(values["HS_UAMSERVER"]);
        values["HS_UAMSECRET"].Should().NotBeEmpty();
        values["HS_RADSECRET"].Should().NotBeEmpty();
        (values["HS_MACAUTH"], values["HS_COAPORT"], values["HS_RADAUTH"], values["HS_RADACCT"]).Should().Be(("on", "3799", "1812", "1813"));
        values["HS_MACPASSWD"].Should().NotBeEmpty();
        values["HS_NASID"].Should().NotBeEmpty();
    }

    [Test]
    public async Task Variables_AreAllKnownToCoovaChilliAndEachSettingIsCommented()
    {
        var lines = await File.ReadAllLinesAsync(ConfigPath);

        var names = lines.Select(l => Assignment().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToList();
        names.Should().NotBeEmpty().And.OnlyContain(n => KnownVariables.Contains(n));
        for (var i = 0; i < lines.Length; i++)
        {
            if (Assignment().IsMatch(lines[i]) && !lines[i].StartsWith('#'))
            {
                var block = lines[..i].Reverse().TakeWhile(l => l.Length > 0).ToList();
                block.Any(IsExplanation).Should().BeTrue($"line {i + 1} ({lines[i]}) has an explanation above it");
            }
        }
    }

    private static bool IsExplanation(string line) => line.StartsWith("# ", StringComparison.Ordinal) && !Assignment().IsMatch(line);

    private static async Task<Dictionary<string, string>> SourceAsync(string names)
    {
        var script = ". \"$1\"; for v in " + names + "; do eval \"printf '%s=%s\\n' $v \\\"\\$$v\\\"\"; done; printf 'HS_UAMFORMAT=%s\\n' \"$(eval echo $HS_UAMFORMAT)\"";
        using var shell = Process.Start(new ProcessStartInfo("dash", ["-c", script, "dash", ConfigPath]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        var error = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        shell.ExitCode.Should().Be(0, error);
        error.Should().BeEmpty();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            values[line[..equals]] = line[(equals + 1)..];
        }

        return values;
    }

    [GeneratedRegex("^#? ?(?<name>HS_[A-Z0-9_]+)=")]
    private static partial Regex Assignment();
}
