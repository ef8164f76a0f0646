namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>
/// The space and inode figures of one mounted file system, as <c>statvfs(3)</c> gives them
/// (block counts already multiplied by <c>f_frsize</c>).
/// </summary>
/// <param name="TotalBytes">Size of the file system in bytes (<c>f_blocks * f_frsize</c>).</param>
/// <param name="FreeBytes">Free bytes, including those reserved for root (<c>f_bfree * f_frsize</c>).</param>
/// <param name="AvailableBytes">Bytes free for unprivileged users (<c>f_bavail * f_frsize</c>).</param>
/// <param name="TotalInodes">Number of inodes (<c>f_files</c>); 0 on file systems without inodes (vfat).</param>
/// <param name="FreeInodes">Number of free inodes (<c>f_ffree</c>).</param>
public readonly record struct FileSystemUsage(
    ulong TotalBytes,
    ulong FreeBytes,
    ulong AvailableBytes,
    ulong TotalInodes,
    ulong FreeInodes);
