namespace Alpi.Agent.Collectors.Disk;

/// <summary>One line of <c>/proc/self/mounts</c> (proc(5), "/proc/pid/mounts"; fstab(5) format), unescaped.</summary>
/// <param name="Device">The mounted device or source (<c>/dev/sda1</c>, <c>tmpfs</c>).</param>
/// <param name="MountPoint">Where it is mounted, with <c>\040</c> and the other octal escapes decoded.</param>
/// <param name="FileSystemType">The file system type (<c>ext4</c>, <c>vfat</c>).</param>
/// <param name="Options">The mount options (<c>rw</c>, <c>relatime</c>…).</param>
internal sealed record MountEntry(string Device, string MountPoint, string FileSystemType, IReadOnlyList<string> Options)
{
    /// <summary><c>ro</c> when mounted read-only, else <c>rw</c> (Telegraf's <c>mode</c> tag).</summary>
    public string Mode => Options.Contains("ro") ? "ro" : "rw";
}
