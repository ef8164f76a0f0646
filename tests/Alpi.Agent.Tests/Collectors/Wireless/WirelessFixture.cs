using Alpi.Agent.Collectors.HostFiles;
using Alpi.Agent.Collectors.Wireless;
using Alpi.Agent.Tests.Collectors.Commands;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Wireless;

/// <summary>
/// A terminal under <c>Fixtures/wifi-…/</c>: its <c>proc</c> and <c>sys</c> files, the outputs of its <c>iw</c> commands
/// under <c>commands/</c> and the expected line protocol (see each fixture's SOURCE.md).
/// </summary>
internal sealed class WirelessFixture
{
    /// <summary>The cases: a dual-band OpenWrt terminal (iw 6.x) and a Raspberry Pi with brcmfmac (iw 5.x).</summary>
    public static readonly string[] Cases = ["wifi-openwrt-iw6", "wifi-rpi-brcmfmac-iw5"];

    private WirelessFixture(string root)
    {
        Root = root;
        Files = new HostFileSystem(root);
        Commands = new ReplayCommandRunner(Path.Join(root, "commands"));
    }

    public string Root { get; }

    public IHostFileSystem Files { get; }

    public ReplayCommandRunner Commands { get; }

    public CapturingLogger<WirelessCollector> Logger { get; } = new();

    public static WirelessFixture Open(string name) => new(Path.Join(TestContext.CurrentContext.TestDirectory, "Fixtures", name));

    public WirelessCollector Collector(WirelessOptions? options = null) =>
        new(Files, Commands, Options.Create(options ?? new WirelessOptions()), Logger);

    public List<string> Expected(string file = "expected.txt") => [.. File.ReadAllLines(Path.Join(Root, file)).Where(l => l.Length > 0)];
}
