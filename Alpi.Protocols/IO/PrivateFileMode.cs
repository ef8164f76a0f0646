using System.Runtime.InteropServices;

namespace Alpi.Protocols.IO;

/// <summary>
/// Makes every file a daemon process (collector, hotspot controller, agent) creates readable and writable by its user alone: the process's file mode
/// creation mask is set to <c>077</c> at start (Linux and other Unix systems; nothing on Windows, whose files inherit
/// their folder's ACL), so the collector's DuckDB file and the <c>.wal</c> DuckDB creates again after each checkpoint, its
/// spill folder, the SQLite files with their <c>-wal</c>, <c>-shm</c> and <c>-journal</c> (the controller's
/// <c>hotspot.db</c> with its connection log, the agent's disk buffer), and the ingest journal are created 0600 (folders
/// 0700) inside the 0700 data folder (<see cref="PrivateDirectory"/>), whichever library creates them and whenever. As systemd's <c>UMask=0077</c> does for a service. Called by each daemon's <c>Program.cs</c>, its
/// entry point, only: a library setting the mask of its host process (a test runner) would change the files of everything else in it.
/// Source: POSIX <c>umask(2)</c>.
/// </summary>
public static partial class PrivateFileMode
{
    /// <summary>The mask set: no permission for the group and others (<c>077</c>).</summary>
    public const UnixFileMode Mask = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Sets the process's file mode creation mask to <see cref="Mask"/>; nothing on Windows.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Native.Umask((uint)Mask);
        }
    }

    private static partial class Native
    {
        /// <summary><c>mode_t umask(mode_t mask)</c>: sets the mask, returns the previous one; never fails.</summary>
        [LibraryImport("libc", EntryPoint = "umask")]
        public static partial uint Umask(uint mask);
    }
}
