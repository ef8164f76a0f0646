using System.Runtime.InteropServices;

namespace Alpi.Collector.Ingest.Journal;

/// <summary>
/// fsync of a folder on Linux, so that a file just created in it survives a power cut (POSIX <c>fsync(2)</c> on the
/// folder's descriptor; a file's own fsync does not promise its directory entry). No-op elsewhere.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Directory = 0x10000; // O_DIRECTORY on x86-64 and arm64 Linux

    /// <summary>Flushes the entries of <paramref name="path"/> to the disk.</summary>
    /// <exception cref="IOException">open or fsync failed (errno in the message).</exception>
    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = NativeMethods.Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"open({path}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw new IOException($"fsync({path}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        internal static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);
    }
}
