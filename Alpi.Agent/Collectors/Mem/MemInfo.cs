using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.Mem;

/// <summary>
/// The lines of <c>/proc/meminfo</c> (proc(5), "/proc/meminfo") as a key → value map; values with a <c>kB</c> unit are
/// converted to bytes (×1024), unit-less values (<c>HugePages_Total</c>) are kept as they are.
/// </summary>
internal sealed class MemInfo
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/meminfo";

    private readonly Dictionary<string, ulong> _values;
    private readonly string _fullPath;

    private MemInfo(Dictionary<string, ulong> values, string fullPath)
    {
        _values = values;
        _fullPath = fullPath;
    }

    /// <summary>Parses the file's content.</summary>
    /// <exception cref="InvalidDataException">A line is not <c>Key: value [kB]</c>.</exception>
    public static MemInfo Parse(string text, string fullPath)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var lines = HostFileFormat.Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, "no \"key:\" at the start of the line");
            }

            var tokens = HostFileFormat.Tokens(lines[i][(colon + 1)..]);
            if (tokens.Length is < 1 or > 2 || (tokens.Length == 2 && !string.Equals(tokens[1], "kB", StringComparison.Ordinal)))
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, "expected a number optionally followed by kB");
            }

            var value = HostFileFormat.ParseUInt64(tokens[0], fullPath, i + 1);
            values[lines[i][..colon]] = tokens.Length == 2 ? value * 1024 : value;
        }

        return new MemInfo(values, fullPath);
    }

    /// <summary>The value of a key in bytes (or as is when unit-less).</summary>
    /// <exception cref="InvalidDataException">The key is missing.</exception>
    public ulong Get(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            HostFileFormat.ThrowMalformed(_fullPath, $"no \"{key}:\" line");
        }

        return value;
    }

    /// <summary>The value of a key, or null when this kernel does not report it.</summary>
    public ulong? GetOptional(string key) => _values.TryGetValue(key, out var value) ? value : null;
}
