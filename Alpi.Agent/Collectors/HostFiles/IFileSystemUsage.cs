namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>Gives the <c>statvfs(3)</c> figures of a mount point (faked in tests).</summary>
public interface IFileSystemUsage
{
    /// <summary>The space and inode figures of the file system mounted at <paramref name="mountPoint"/>.</summary>
    /// <param name="mountPoint">The mount point as the host sees it (<c>/</c>, <c>/boot/firmware</c>), unescaped.</param>
    /// <exception cref="IOException"><c>statvfs</c> failed (permission denied, stale NFS handle…); the message names the path and errno.</exception>
    FileSystemUsage GetUsage(string mountPoint);
}
