using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>Shared helpers for parsing the whitespace-separated text files of proc(5).</summary>
internal static class HostFileFormat
{
    private static readonly char[] Whitespace = [' ', '\t'];

    /// <summary>The lines of a file, without the trailing empty line a final newline leaves.</summary>
    public static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>Splits a line on runs of spaces and tabs.</summary>
    public static string[] Tokens(string line) => line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses an unsigned decimal token or throws naming the file and 1-based line.</summary>
    public static ulong ParseUInt64(string token, string path, int lineNumber)
    {
        if (!ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            ThrowMalformed(path, lineNumber, $"\"{token}\" is not an unsigned integer");
        }

        return value;
    }

    /// <summary>Parses a decimal number with an optional fraction (<c>0.52</c>) or throws naming the file and 1-based line.</summary>
    public static double ParseDouble(string token, string path, int lineNumber)
    {
        if (!double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            ThrowMalformed(path, lineNumber, $"\"{token}\" is not a decimal number");
        }

        return value;
    }

    /// <summary>Throws an <see cref="InvalidDataException"/> naming the file and the 1-based line.</summary>
    [DoesNotReturn]
    public static void ThrowMalformed(string path, int lineNumber, string reason) =>
        throw new InvalidDataException($"{path}, line {lineNumber}: {reason}.");

    /// <summary>Throws an <see cref="InvalidDataException"/> naming the file, for problems that belong to no line.</summary>
    [DoesNotReturn]
    public static void ThrowMalformed(string path, string reason) =>
        throw new InvalidDataException($"{path}: {reason}.");
}
