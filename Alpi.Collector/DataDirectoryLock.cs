namespace Alpi.Collector;

/// <summary>
/// The collector's hold on its data directory: an exclusive lock on <c>&lt;DataDirectory&gt;/collector.lock</c>, taken
/// before anything listens and kept until the process ends, so that a second collector started on the same directory
/// (the same <c>./data</c>, a second service unit) stops at once with one sentence, before its broker, HTTP server or
/// RADIUS sockets open and before it touches the ingest journal, the DuckDB store or the SQLite databases the first one
/// writes. On Linux and macOS .NET takes the lock with <c>flock(LOCK_EX | LOCK_NB)</c> for <see cref="FileShare.None"/>,
/// on Windows with the file's sharing mode; the operating system releases it when the process dies, even killed, so a
/// crash leaves no stale lock to remove. The file itself is empty and stays.
/// Source: .NET <c>FileStream</c> on Unix (advisory <c>flock</c> for <see cref="FileShare.None"/>).
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "collector.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="dataDirectory"/>, creating the directory (0700) and the file when missing.
    /// </summary>
    /// <param name="dataDirectory">The collector's data directory, absolute or relative to the current directory.</param>
    /// <returns>The lock, to dispose when the collector stops; null when another process holds it.</returns>
    /// <exception cref="IOException">The directory or the file cannot be created or opened for another reason (permissions, disk).</exception>
    /// <exception cref="UnauthorizedAccessException">This account may not write in the directory.</exception>
    public static DataDirectoryLock? TryAcquire(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Alpi.Protocols.IO.PrivateDirectory.Create(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path) && IsHeldElsewhere(path))
        {
            return null;
        }
    }

    /// <summary>True when opening <paramref name="path"/> exclusively fails again: the lock is held, not a passing error.</summary>
    private static bool IsHeldElsewhere(string path)
    {
        try
        {
            using var again = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
