using System.Text;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Collectors.HostFiles;

/// <summary>
/// <see cref="PooledFileReader"/> gives what <see cref="File.ReadAllText(string)"/> gives (which it replaces on the
/// agent's hot path), and the same exception types.
/// </summary>
[Platform("Linux")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PooledFileReaderTests
{
    private static IEnumerable<TestCaseData> Contents()
    {
        yield return new TestCaseData(Array.Empty<byte>()).SetName("{m}(empty file)");
        yield return new TestCaseData("cpu  1 2 3 4\ncpu0 1 2 3 4\n"u8.ToArray()).SetName("{m}(a /proc/stat line)");
        // A UTF-8 byte order mark is dropped, as StreamReader does.
        yield return new TestCaseData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\n' }).SetName("{m}(UTF-8 byte order mark)");
        // Bytes that are not UTF-8 (a Latin-1 é, a lone continuation byte) become U+FFFD, as StreamReader does.
        yield return new TestCaseData(new byte[] { (byte)'x', 0xE9, (byte)'y', 0x80, (byte)'\n' }).SetName("{m}(invalid UTF-8)");
        // UTF-16 with its byte order mark: decoded as UTF-16, as StreamReader's detection does.
        yield return new TestCaseData(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("wlan0\n")).ToArray()).SetName("{m}(UTF-16 LE byte order mark)");
        // Larger than the first 4 KiB buffer, with a two-byte and a four-byte character across each 4 KiB boundary.
        var large = new StringBuilder();
        while (large.Length < 100_000)
        {
            large.Append("iface é ").Append(large.Length).Append(" 😀\n");
        }

        yield return new TestCaseData(Encoding.UTF8.GetBytes(large.ToString())).SetName("{m}(100 kB, multibyte characters across the buffer's ends)");
    }

    [TestCaseSource(nameof(Contents))]
    public void ReadAllText_File_SameTextAsFileReadAllText(byte[] content)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "file");
        File.WriteAllBytes(path, content);

        PooledFileReader.ReadAllText(path).Should().Be(File.ReadAllText(path));
    }

    [TestCase("/proc/version")]
    [TestCase("/proc/self/cmdline")]
    [TestCase("/proc/filesystems")]
    public void ReadAllText_PseudoFileOfSizeZero_ReadWhole(string path)
    {
        // st_size is 0 for these: the reader must read until read(2) returns 0, not stop at the announced size.
        new FileInfo(path).Length.Should().Be(0);

        var text = PooledFileReader.ReadAllText(path);

        text.Should().NotBeEmpty().And.Be(File.ReadAllText(path));
    }

    [Test]
    public void ReadAllText_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "absent");

        var read = () => PooledFileReader.ReadAllText(path);

        read.Should().Throw<FileNotFoundException>().Which.Message.Should().Contain(path);
    }

    [Test]
    public void ReadAllText_MissingFolder_ThrowsAnIOExceptionNamingThePath()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "file"), "x");
        var path = Path.Combine(folder.Path, "file", "below-a-file");

        var read = () => PooledFileReader.ReadAllText(path);

        read.Should().Throw<DirectoryNotFoundException>().Which.Message.Should().Contain(path);
        Assert.Throws<DirectoryNotFoundException>(() => File.ReadAllText(path));
    }

    [Test]
    public void ReadAllText_Folder_ThrowsUnauthorizedAccessAsFileReadAllTextDoes()
    {
        using var folder = new TempDirectory();

        var read = () => PooledFileReader.ReadAllText(folder.Path);

        read.Should().Throw<UnauthorizedAccessException>().Which.Message.Should().Contain(folder.Path);
        Assert.Throws<UnauthorizedAccessException>(() => File.ReadAllText(folder.Path));
    }
}
