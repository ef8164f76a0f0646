using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>
/// <see cref="IFileSystemUsage"/> on Linux: a P/Invoke to glibc's <c>statvfs(3)</c> with the 64-bit struct layout
/// (x86_64, aarch64). Telegraf's disk plugin reads the same figures through gopsutil.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxFileSystemUsage : IFileSystemUsage
{
    private readonly string _root;

    /// <summary>Queries mount points below <paramref name="root"/> (the host's <c>/</c>, see <see cref="HostFileSystemOptions.Root"/>).</summary>
    /// <param name="root">The directory standing for the host's <c>/</c>.</param>
    public LinuxFileSystemUsage(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
    }

    /// <inheritdoc />
    public FileSystemUsage GetUsage(string mountPoint)
    {
        ArgumentNullException.ThrowIfNull(mountPoint);
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("statvfs is only bound with the 64-bit glibc struct layout.");
        }

        var path = Path.Join(_root, mountPoint);
        if (NativeMethods.StatVfs(path, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"statvfs(\"{path}\") failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        var blockSize = buffer.FragmentSize;
        return new FileSystemUsage(
            TotalBytes: buffer.Blocks * blockSize,
            FreeBytes: buffer.FreeBlocks * blockSize,
            AvailableBytes: buffer.AvailableBlocks * blockSize,
            TotalInodes: buffer.Files,
            FreeInodes: buffer.FreeFiles);
    }

    /// <summary>glibc's <c>struct statvfs</c> on 64-bit Linux: eleven 64-bit words then <c>int __f_spare[6]</c> (112 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 112)]
    internal struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong MaxNameLength;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int StatVfs(string path, out StatVfsBuffer buffer);
    }
}
