namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>
/// Read-only access to the host's pseudo files (<c>/proc</c>, <c>/sys</c>, <c>/var/run/utmp</c>) through paths relative
/// to a root, so that the agent can run in a container with the host mounted elsewhere (Telegraf's <c>HOST_PROC</c>)
/// and tests can replay captured files.
/// </summary>
public interface IHostFileSystem
{
    /// <summary>Reads a whole text file, for example <c>proc/stat</c>.</summary>
    /// <param name="relativePath">The path below the root, with <c>/</c> separators and no leading slash.</param>
    /// <exception cref="IOException">The file is missing or unreadable; the message names the full path.</exception>
    string ReadAllText(string relativePath);

    /// <summary>Reads a whole binary file, for example <c>var/run/utmp</c>.</summary>
    /// <param name="relativePath">The path below the root, with <c>/</c> separators and no leading slash.</param>
    /// <exception cref="IOException">The file is missing or unreadable; the message names the full path.</exception>
    byte[] ReadAllBytes(string relativePath);

    /// <summary>True when the file exists below the root.</summary>
    /// <param name="relativePath">The path below the root, with <c>/</c> separators and no leading slash.</param>
    bool Exists(string relativePath);

    /// <summary>
    /// True when the directory (or a symbolic link to one) exists below the root. The default looks for the name among
    /// <see cref="EnumerateDirectories"/> of its parent (false when the parent is missing); the real file system asks
    /// <c>stat(2)</c> once.
    /// </summary>
    /// <param name="relativePath">The directory below the root, with <c>/</c> separators and no leading slash.</param>
    bool DirectoryExists(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var trimmed = relativePath.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        try
        {
            return EnumerateDirectories(slash < 0 ? "" : trimmed[..slash]).Contains(trimmed[(slash + 1)..]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The names (not paths) of the directories directly inside a directory, for example the process ids in <c>proc</c>.</summary>
    /// <param name="relativePath">The directory below the root, with <c>/</c> separators and no leading slash.</param>
    /// <exception cref="IOException">The directory is missing or unreadable.</exception>
    IReadOnlyList<string> EnumerateDirectories(string relativePath);

    /// <summary>The full path a relative path maps to, for error messages.</summary>
    /// <param name="relativePath">The path below the root.</param>
    string GetFullPath(string relativePath);
}
