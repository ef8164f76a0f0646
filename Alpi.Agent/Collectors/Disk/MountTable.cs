using System.Text;
using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.Disk;

/// <summary>Parses <c>/proc/self/mounts</c> (proc(5), "/proc/pid/mounts"; fields and escapes as fstab(5) and getmntent(3)).</summary>
internal static class MountTable
{
    /// <summary>The mount table of the agent's own mount namespace, below the host root.</summary>
    public const string SelfPath = "proc/self/mounts";

    /// <summary>The older link to the same table, read when <see cref="SelfPath"/> is absent.</summary>
    public const string LegacyPath = "proc/mounts";

    /// <summary>The entries in file order.</summary>
    /// <exception cref="InvalidDataException">A line has fewer than four fields or a bad escape.</exception>
    public static List<MountEntry> Parse(string text, string fullPath)
    {
        var result = new List<MountEntry>();
        var lines = HostFileFormat.Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var tokens = HostFileFormat.Tokens(lines[i]);
            if (tokens.Length < 4)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, $"{tokens.Length} fields, at least 4 expected");
            }

            result.Add(new MountEntry(
                Unescape(tokens[0], fullPath, i + 1),
                Unescape(tokens[1], fullPath, i + 1),
                tokens[2],
                tokens[3].Split(',')));
        }

        return result;
    }

    /// <summary>Decodes the kernel's three-digit octal escapes (<c>\040</c> space, <c>\011</c> tab, <c>\012</c> newline, <c>\134</c> backslash).</summary>
    public static string Unescape(string field, string fullPath, int lineNumber)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\')
            {
                builder.Append(field[i]);
                continue;
            }

            if (!IsOctal(field, i + 1))
            {
                HostFileFormat.ThrowMalformed(fullPath, lineNumber, $"bad escape in \"{field}\"");
            }

            builder.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
            i += 3;
        }

        return builder.ToString();
    }

    private static bool IsOctal(string field, int start)
    {
        if (start + 3 > field.Length)
        {
            return false;
        }

        for (var i = start; i < start + 3; i++)
        {
            if (field[i] is < '0' or > '7')
            {
                return false;
            }
        }

        return true;
    }
}
