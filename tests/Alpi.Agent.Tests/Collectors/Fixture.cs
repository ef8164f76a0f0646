using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Tests.Collectors;

/// <summary>
/// A captured host under <c>Fixtures/&lt;case&gt;/</c>: its files laid out as below <c>/</c>, <c>proc/stat</c> as two
/// samples (<c>proc/stat.1</c>, <c>proc/stat.2</c>), <c>statvfs.txt</c> for the disk figures and <c>expected.txt</c>
/// with the line protocol the collectors must produce from the second sample.
/// </summary>
internal sealed class Fixture
{
    /// <summary>The captured cases: this build machine (x86_64 VM) and a Raspberry Pi 4 (aarch64, SD card, USB disk, Wi-Fi, swap).</summary>
    public static readonly string[] Cases = ["linux-this-host", "rpi4-arm"];

    private Fixture(string root)
    {
        Root = root;
        Files = new SampledFileSystem(new HostFileSystem(root));
        Usage = new StatVfsTableUsage(Path.Join(root, "statvfs.txt"));
    }

    public string Root { get; }

    /// <summary>The fixture's files; <c>proc/stat</c> reads the second sample until <see cref="SampledFileSystem.Sample"/> is changed.</summary>
    public SampledFileSystem Files { get; }

    /// <summary>The fixture's <c>statvfs</c> figures.</summary>
    public IFileSystemUsage Usage { get; }

    public static Fixture Open(string name) => new(Path.Join(TestContext.CurrentContext.TestDirectory, "Fixtures", name));

    /// <summary>The expected lines of one measurement, in file order.</summary>
    public List<string> ExpectedLines(string measurement) => File.ReadAllLines(Path.Join(Root, "expected.txt"))
        .Where(l => l.StartsWith(measurement + ",", StringComparison.Ordinal) || l.StartsWith(measurement + " ", StringComparison.Ordinal))
        .ToList();

    /// <summary>Maps <c>proc/stat</c> to <c>proc/stat.1</c> or <c>proc/stat.2</c>.</summary>
    internal sealed class SampledFileSystem(IHostFileSystem inner) : IHostFileSystem
    {
        public int Sample { get; set; } = 2;

        public string ReadAllText(string relativePath) => inner.ReadAllText(Map(relativePath));

        public byte[] ReadAllBytes(string relativePath) => inner.ReadAllBytes(Map(relativePath));

        public bool Exists(string relativePath) => inner.Exists(Map(relativePath));

        public IReadOnlyList<string> EnumerateDirectories(string relativePath) => inner.EnumerateDirectories(relativePath);

        public string GetFullPath(string relativePath) => inner.GetFullPath(Map(relativePath));

        private string Map(string relativePath) => relativePath == "proc/stat" ? $"proc/stat.{Sample}" : relativePath;
    }

    /// <summary>Reads <c>statvfs.txt</c>: <c>frsize blocks bfree bavail files ffree mount_point</c> per line.</summary>
    private sealed class StatVfsTableUsage(string path) : IFileSystemUsage
    {
        public FileSystemUsage GetUsage(string mountPoint)
        {
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.StartsWith('#'))
                {
                    continue;
                }

                var p = line.Split(' ', 7);
                if (p[6] == mountPoint)
                {
                    var v = p[..6].Select(ulong.Parse).ToArray();
                    return new FileSystemUsage(v[1] * v[0], v[2] * v[0], v[3] * v[0], v[4], v[5]);
                }
            }

            throw new IOException($"statvfs(\"{mountPoint}\") failed: No such file or directory (errno 2).");
        }
    }
}
