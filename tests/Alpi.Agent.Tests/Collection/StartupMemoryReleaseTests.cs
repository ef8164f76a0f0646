using Alpi.Agent.Collection;

namespace Alpi.Agent.Tests.Collection;

/// <summary>
/// The start-up memory release: which lines of <c>/proc/PID/maps</c> it pages out, and that on Linux this process's
/// resident file pages go down when it runs.
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
            (0x7f7b38a09000UL, 0x7f7b38b5f000UL),
            (0x7f7b38a00000UL, 0x7f7b38a01000UL));
    }

    [Test]
    public void Release_OnLinux_PagesOutThisProcesssFilePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("MADV_PAGEOUT and /proc are Linux's");
        }

        var before = ResidentFileKiB();

        var advised = StartupMemoryRelease.Release();

        var after = ResidentFileKiB();
        advised.Should().BeGreaterThan(0, "madvise(MADV_PAGEOUT) is in Linux since 5.4");
        after.Should().BeLessThan(before - 1024, "the test assemblies' pages are mapped by this process alone");
    }

    private static long ResidentFileKiB()
    {
        // proc(5): "RssFile:     12345 kB" in /proc/self/status.
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
        return long.Parse(line["RssFile:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
