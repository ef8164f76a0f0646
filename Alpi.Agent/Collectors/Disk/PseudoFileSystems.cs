namespace Alpi.Agent.Collectors.Disk;

/// <summary>
/// File system types that hold no disk space worth reporting (kernel pseudo file systems, memory-backed, read-only
/// images, container layers), left out as Telegraf's sample configuration's <c>ignore_fs</c> leaves them out.
/// </summary>
internal static class PseudoFileSystems
{
    /// <summary>The ignored types, compared exactly (<c>fuse.lxcfs</c> is a type of its own).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "efivarfs",
        "fuse.gvfsd-fuse", "fuse.lxcfs", "fuse.portal", "fusectl", "hugetlbfs", "iso9660", "mqueue", "nsfs", "overlay",
        "proc", "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs", "tracefs",
        "aufs", "nfsd", "none",
    };
}
