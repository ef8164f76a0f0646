using Alpi.Agent.Collectors.HostFiles;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Collectors.HostFiles;

/// <summary>The real <see cref="HostFileSystem"/> over a folder laid out as <c>/sys/class/net</c> is (links to folders).</summary>
[Platform("Linux")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class HostFileSystemTests
{
    private static TempDirectory SysClassNet()
    {
        var root = new TempDirectory();
        var devices = Directory.CreateDirectory(Path.Combine(root.Path, "sys/devices/virtual/net")).FullName;
        var net = Directory.CreateDirectory(Path.Combine(root.Path, "sys/class/net")).FullName;
        foreach (var name in (string[])["eth0", "wlan0"])
        {
            Directory.CreateDirectory(Path.Combine(devices, name));
            File.CreateSymbolicLink(Path.Combine(net, name), Path.Combine(devices, name));
        }

        var phy = Directory.CreateDirectory(Path.Combine(root.Path, "sys/class/ieee80211/phy0")).FullName;
        File.CreateSymbolicLink(Path.Combine(devices, "wlan0", "phy80211"), phy);
        Directory.CreateDirectory(Path.Combine(devices, "wlan0", "wireless"));
        File.WriteAllText(Path.Combine(devices, "wlan0", "flags"), "0x1003\n");
        File.WriteAllText(Path.Combine(net, "bonding_masters"), "\n"); // a file beside the links: not a directory
        File.CreateSymbolicLink(Path.Combine(net, "dangling"), Path.Combine(devices, "gone"));
        return root;
    }

    [Test]
    public void EnumerateDirectories_LinksToFolders_NamesOnlyWithoutFilesOrDanglingLinks()
    {
        using var root = SysClassNet();
        var files = new HostFileSystem(root.Path);

        files.EnumerateDirectories("sys/class/net").Should().BeEquivalentTo(
            Directory.EnumerateDirectories(Path.Combine(root.Path, "sys/class/net")).Select(Path.GetFileName))
            .And.BeEquivalentTo(["eth0", "wlan0"]);
    }

    [Test]
    public void EnumerateDirectories_MissingFolder_ThrowsDirectoryNotFound()
    {
        using var root = new TempDirectory();

        var list = () => new HostFileSystem(root.Path).EnumerateDirectories("sys/class/net");

        list.Should().Throw<DirectoryNotFoundException>();
    }

    [TestCase("sys/class/net/wlan0/phy80211", true)] // a link to a folder
    [TestCase("sys/class/net/wlan0/wireless", true)] // a folder, through the interface's link
    [TestCase("sys/class/net/eth0/phy80211", false)]
    [TestCase("sys/class/net/wlan0/flags", false)] // a file
    [TestCase("sys/class/net/dangling", false)]
    [TestCase("sys/class/absent/wlan0", false)]
    public void DirectoryExists_RealFolder_AsDirectoryExists(string path, bool expected)
    {
        using var root = SysClassNet();
        var files = new HostFileSystem(root.Path);

        files.DirectoryExists(path).Should().Be(expected);
        // The interface's default, which looks the name up in its parent's listing, agrees.
        ((IHostFileSystem)new ListingOnly(files)).DirectoryExists(path).Should().Be(expected);
    }

    [Test]
    public void ReadAllText_BelowTheRoot_ReadsTheFile()
    {
        using var root = SysClassNet();

        new HostFileSystem(root.Path).ReadAllText("/sys/class/net/wlan0/flags").Should().Be("0x1003\n");
    }

    // Only the members without a default, so that DirectoryExists is the interface's own.
    private sealed class ListingOnly(IHostFileSystem inner) : IHostFileSystem
    {
        public string ReadAllText(string relativePath) => inner.ReadAllText(relativePath);

        public byte[] ReadAllBytes(string relativePath) => inner.ReadAllBytes(relativePath);

        public bool Exists(string relativePath) => inner.Exists(relativePath);

        public IReadOnlyList<string> EnumerateDirectories(string relativePath) => inner.EnumerateDirectories(relativePath);

        public string GetFullPath(string relativePath) => inner.GetFullPath(relativePath);
    }
}
