namespace Alpi.Protocols.IO;

/// <summary>
/// Creates the folders that hold the daemons' data (the collector's SQLite and DuckDB files, ingest journal and key ring:
/// password hashes, alerts, time series; the hotspot controller's accounts, connection log and portal key ring; the
/// agent's disk buffer) readable by the service's user alone: mode 0700 on Linux when the folder is created, as
/// <c>install/debian/install.sh</c> makes <c>/var/lib/alpi/data</c> 0750 and systemd's <c>StateDirectory</c> does; a
/// folder that exists keeps its mode (an administrator may have opened it to a backup group). Windows folders inherit
/// their parent's ACL.
/// </summary>
public static class PrivateDirectory
{
    /// <summary>The mode of a folder this class creates on Linux: <c>rwx------</c> (0700).</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and its missing parents, each 0700 on Linux, unless it exists.</summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The user may not create it.</exception>
    public static void Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !string.IsNullOrEmpty(folder) && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, Mode);
            }
        }
    }
}
