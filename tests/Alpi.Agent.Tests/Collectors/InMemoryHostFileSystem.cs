using System.Text;
using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Tests.Collectors;

/// <summary>An <see cref="IHostFileSystem"/> over a dictionary, for hand-written edge cases; its root is <c>/host</c>.</summary>
internal sealed class InMemoryHostFileSystem : IHostFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemoryHostFileSystem With(string path, string text)
    {
        _files[path] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public InMemoryHostFileSystem With(string path, byte[] content)
    {
        _files[path] = content;
        return this;
    }

    public string ReadAllText(string relativePath) => Encoding.UTF8.GetString(ReadAllBytes(relativePath));

    public byte[] ReadAllBytes(string relativePath) =>
        _files.TryGetValue(relativePath, out var content)
            ? content
            : throw new FileNotFoundException($"Could not find file '{GetFullPath(relativePath)}'.", GetFullPath(relativePath));

    public bool Exists(string relativePath) => _files.ContainsKey(relativePath);

    public IReadOnlyList<string> EnumerateDirectories(string relativePath)
    {
        var prefix = relativePath.TrimEnd('/') + "/";
        return _files.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) > 0)
            .Select(k => k[prefix.Length..k.IndexOf('/', prefix.Length)])
            .Distinct()
            .ToList();
    }

    public string GetFullPath(string relativePath) => "/host/" + relativePath;
}
