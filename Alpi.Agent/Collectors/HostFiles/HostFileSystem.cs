using System.IO.Enumeration;

namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>The real <see cref="IHostFileSystem"/>: files below a root directory, <c>/</c> by default.</summary>
/// <remarks>
/// Whole files are read with <see cref="PooledFileReader"/> (a bare file handle and a pooled buffer per file, for the
/// dozen pseudo files read every round).
/// </remarks>
internal sealed class HostFileSystem : IHostFileSystem
{
    private static readonly EnumerationOptions AllEntries = new()
    {
        // Directory.EnumerateDirectories's defaults: no hidden or system entries skipped, no recursion, errors thrown.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
    };

    private readonly string _root;

    /// <summary>Reads files below <paramref name="root"/>.</summary>
    /// <param name="root">The directory standing for the host's <c>/</c>.</param>
    public HostFileSystem(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public string ReadAllText(string relativePath) => PooledFileReader.ReadAllText(GetFullPath(relativePath));

    /// <inheritdoc />
    public byte[] ReadAllBytes(string relativePath) => File.ReadAllBytes(GetFullPath(relativePath));

    /// <inheritdoc />
    public bool Exists(string relativePath) => File.Exists(GetFullPath(relativePath));

    /// <inheritdoc />
    public bool DirectoryExists(string relativePath) => Directory.Exists(GetFullPath(relativePath));

    /// <inheritdoc />
    public IReadOnlyList<string> EnumerateDirectories(string relativePath)
    {
        // The names straight from the directory entries: no full path built per entry only to cut it again.
        var names = new FileSystemEnumerable<string>(
            GetFullPath(relativePath),
            static (ref FileSystemEntry entry) => entry.FileName.ToString(),
            AllEntries)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory,
        };
        return [.. names];
    }

    /// <inheritdoc />
    public string GetFullPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Path.Join(_root, relativePath.TrimStart('/'));
    }
}
