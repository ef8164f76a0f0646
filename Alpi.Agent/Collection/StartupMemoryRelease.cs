using System.Globalization;
using System.Runtime.InteropServices;

namespace Alpi.Agent.Collection;

/// <summary>
/// Gives back the memory only the agent's start-up used (and, called again later by <see cref="RoundGcPolicy"/>, what a
/// broker outage and its replay used): a full compacting collection that
/// returns the GC's free space to the system (<see cref="GCCollectionMode.Aggressive"/>), then, on Linux, the pages of
/// the agent's read-only file mappings (its own code and read-only data, <c>libe_sqlite3.so</c>, the C library) that
/// no other process maps (<c>madvise(MADV_PAGEOUT)</c>, Linux 5.4 and later). Pages the rounds still use are read
/// back on their next use, from the page cache or the disk; pages shared with other processes are left alone by the
/// kernel.
/// </summary>
/// <remarks>
/// Why: a Native AOT agent at its 10 s interval kept 24.6 MiB resident after its start-up (8.3 MiB of its binary's and
/// SQLite's pages, most of them code of the host's start-up, configuration binding and the first connection, and a
/// 4 MiB generation-0 region the start-up filled), where the rounds alone use far less (bench/README.md, "Start-up
/// memory given back"). Clean file pages cost nothing to drop: they are never written to swap. Writable and anonymous
/// memory is never paged out (it has no file behind it; with swap that would be swapping the agent out). One exception:
/// a binary run from a tmpfs (a RAM disk) has no disk behind its pages either; on a machine with swap they go there.
/// </remarks>
public static partial class StartupMemoryRelease
{
    // <sys/mman.h>: MADV_PAGEOUT, reclaim these pages now (Linux 5.4, include/uapi/asm-generic/mman-common.h).
    private const int MadvPageOut = 21;

    /// <summary>
    /// Runs the collection, then pages out the read-only file mappings listed in <c>/proc/self/maps</c>. Never throws:
    /// on a system without <c>/proc</c> or without <c>MADV_PAGEOUT</c> (a kernel before 5.4: <c>EINVAL</c>) it stops
    /// after the collection.
    /// </summary>
    /// <returns>Octets of address space advised to be paged out (0 when none, or not on Linux); the pages actually
    /// dropped are those no other process maps.</returns>
    public static long Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        string maps;
        try
        {
            maps = File.ReadAllText("/proc/self/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        long advised = 0;
        foreach (var mapping in ReadOnlyFileMappings(maps))
        {
            if (NativeMethods.MAdvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadvPageOut) != 0)
            {
                return advised; // EINVAL before Linux 5.4: nothing more to try
            }

            advised += (long)(mapping.End - mapping.Start);
        }

        return advised;
    }

    /// <summary>
    /// The mappings of <paramref name="maps"/> (the text of <c>/proc/PID/maps</c>, proc(5): <c>start-end perms offset
    /// dev inode path</c>, addresses in hexadecimal) that are backed by a file (a path starting with <c>/</c>, not
    /// <c>(deleted)</c>), private (<c>p</c>: shared mappings, such as <c>/dev/shm</c> segments, are another process's
    /// business too) and not writable. Lines that do not parse are skipped.
    /// </summary>
    /// <param name="maps">The whole text of a maps file.</param>
    /// <returns>Start (inclusive) and end (exclusive) addresses, in the file's order.</returns>
    public static IEnumerable<(ulong Start, ulong End)> ReadOnlyFileMappings(string maps)
    {
        foreach (var line in maps.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1].Length < 4 || fields[1][1] == 'w' || fields[1][3] == 's')
            {
                continue;
            }

            var path = fields[5].Trim();
            if (!path.StartsWith('/') || path.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                continue;
            }

            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0
                || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
                || end <= start)
            {
                continue;
            }

            yield return (start, end);
        }
    }

    private static partial class NativeMethods
    {
        // int madvise(void *addr, size_t length, int advice); madvise(2).
        [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
        internal static partial int MAdvise(nint address, nuint length, int advice);
    }
}
