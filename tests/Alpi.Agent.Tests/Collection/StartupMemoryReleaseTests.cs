using System.Runtime.InteropServices;
using Alpi.Agent.Collection;

namespace Alpi.Agent.Tests.Collection;

/// <summary>
/// The start-up memory release: which lines of <c>/proc/PID/maps</c> it pages out, and that on Linux a private read-only
/// file mapping of this process leaves its resident pages when it runs.
/// </summary>
[TestFixture]
public sealed class StartupMemoryReleaseTests
{
    [Test]
    public void ReadOnlyFileMappings_KeepsOnlyReadOnlyFileBackedLines()
    {
        const string maps = """
            55715e6cd000-55715ec04000 r-xp 00000000 fe:01 1234                       /opt/alpi/Alpi.Agent
            55715ec04000-55715ee92000 r--p 00537000 fe:01 1234                       /opt/alpi/Alpi.Agent
            55715f09b000-55715f0bf000 rw-p 009cd000 fe:01 1234                       /opt/alpi/Alpi.Agent
            55715f0bf000-55715f32a000 rw-p 00000000 00:00 0
            557196b81000-557196c7e000 rw-p 00000000 00:00 0                          [heap]
            7f7b38a09000-7f7b38b5f000 r-xp 00026000 fe:01 777                        /usr/lib/x86_64-linux-gnu/libc.so.6
            7f7b38a00000-7f7b38a01000 r--s 00000000 fe:01 778                        /dev/shm/a file with spaces
            7f7b38b00000-7f7b38b01000 r--p 00000000 fe:01 779                        /tmp/old.so (deleted)
            7ffd1c5f0000-7ffd1c5f4000 r--p 00000000 00:00 0                          [vvar]
            7ffd1c5f4000-7ffd1c5f6000 r-xp 00000000 00:00 0                          [vdso]
            not a mapping line
            7f00-7e00 r--p 00000000 fe:01 1                                          /backwards
            zz-7f01 r--p 00000000 fe:01 1                                            /not-hex
            """;

        var mappings = StartupMemoryRelease.ReadOnlyFileMappings(maps).ToList();

        mappings.Should().Equal(
            (0x55715e6cd000UL, 0x55715ec04000UL),
            (0x55715ec04000UL, 0x55715ee92000UL),
            (0x7f7b38a09000UL, 0x7f7b38b5f000UL));
    }

    [Test]
    public void Release_OnLinux_PagesOutAPrivateReadOnlyFileMapping()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("MADV_PAGEOUT and /proc are Linux's");
        }

        // A 4 MiB file mapped read-only and private by this process alone, its pages clean (flushed to disk) and touched.
        const int Length = 4 * 1024 * 1024;
        var path = Path.Combine(Path.GetTempPath(), $"alpi-pageout-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(Enumerable.Range(0, Length).Select(i => (byte)((i / 4096) + 1)).ToArray());
                file.Flush(flushToDisk: true);
            }

            using var handle = File.OpenHandle(path);
            var address = Mmap(0, Length, ProtRead, MapPrivate, (int)handle.DangerousGetHandle(), 0);
            address.Should().NotBe(-1, "mmap of the test file");
            try
            {
                long sum = 0;
                for (var offset = 0; offset < Length; offset += 4096)
                {
                    sum += Marshal.ReadByte(address, offset);
                }

                sum.Should().BeGreaterThan(0);
                var before = ResidentFileKiB();

                var advised = StartupMemoryRelease.Release();

                var after = ResidentFileKiB();
                advised.Should().BeGreaterThanOrEqualTo(Length, "the test file's mapping is among those paged out");
                after.Should().BeLessThan(before - 3 * 1024, "the 4 MiB of the test file are mapped by this process alone");
            }
            finally
            {
                _ = Munmap(address, Length);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const int ProtRead = 1; // <sys/mman.h> PROT_READ
    private const int MapPrivate = 2; // <sys/mman.h> MAP_PRIVATE

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(nint address, nuint length);

    private static long ResidentFileKiB()
    {
        // proc(5): "RssFile:     12345 kB" in /proc/self/status.
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
        return long.Parse(line["RssFile:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
