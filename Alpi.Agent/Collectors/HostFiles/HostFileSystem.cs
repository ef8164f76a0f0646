namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>The real <see cref="IHostFileSystem"/>: files below a root directory, <c>/</c> by default.</summary>
internal sealed class HostFileSystem : IHostFileSystem
{
    private readonly string _root;

    /// <summary>Reads files below <paramref name="root"/>.</summary>
    /// <param name="root">The directory standing for the host's <c>/</c>.</param>
    public HostFileSystem(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public string ReadAllText(string relativePath) => File.ReadAllText(GetFullPath(relativePath));

    /// <inheritdoc />
    public byte[] ReadAllBytes(string relativePath) => File.ReadAllBytes(GetFullPath(relativePath));

    /// <inheritdoc />
    public bool Exists(string relativePath) => File.Exists(GetFullPath(relativePath));

    /// <inheritdoc />
    public IReadOnlyList<string> EnumerateDirectories(string relativePath)
    {
        var names = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(GetFullPath(relativePath)))
        {
            names.Add(Path.GetFileName(directory));
        }

        return names;
    }

    /// <inheritdoc />
    public string GetFullPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Path.Join(_root, relativePath.TrimStart('/'));
    }
}
