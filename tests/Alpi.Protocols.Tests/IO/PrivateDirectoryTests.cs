using Alpi.Protocols.IO;
using Alpi.Testing;

namespace Alpi.Protocols.Tests.IO;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class PrivateDirectoryTests
{
    [Test]
    [Platform(Exclude = "Win")]
    public void Create_NewNestedFolder_IsTheUsersAloneAtEveryLevel()
    {
        using var root = new TempDirectory("alpi-private");
        var path = Path.Combine(root.Path, "data", "inner");

        PrivateDirectory.Create(path);

        File.GetUnixFileMode(path).Should().Be(PrivateDirectory.Mode);
        File.GetUnixFileMode(Path.Combine(root.Path, "data")).Should().Be(PrivateDirectory.Mode);
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Create_ExistingFolder_KeepsItsMode()
    {
        using var root = new TempDirectory("alpi-private");
        var path = Path.Combine(root.Path, "shared");
        Directory.CreateDirectory(path);
        const UnixFileMode groupReadable = PrivateDirectory.Mode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(path, groupReadable);

        PrivateDirectory.Create(path);

        File.GetUnixFileMode(path).Should().Be(groupReadable);
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task Collector_FirstStartInAnEmptyFolder_MakesItsDataFolderPrivate()
    {
        using var root = new TempDirectory("alpi-private");
        var data = Path.Combine(root.Path, "data");
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Collector:DataDirectory"] = data });

        File.GetUnixFileMode(data).Should().Be(PrivateDirectory.Mode);
        Directory.EnumerateFiles(data, "*.db").Should().NotBeEmpty();
    }
}
