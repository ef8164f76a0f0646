using System.Globalization;

namespace Alpi.Collector.Ingest.Journal;

/// <summary>
/// One segment file of the ingest journal, <c>&lt;first sequence, 20 digits&gt;.journal</c>: records of increasing
/// sequence numbers, appended only. A segment is deleted once every record in it is stored.
/// </summary>
public sealed class JournalSegment
{
    /// <summary>File-name suffix of a segment.</summary>
    public const string Extension = ".journal";

    /// <summary>Creates the description of a segment.</summary>
    /// <param name="path">Full path of the file.</param>
    /// <param name="firstSequence">The sequence number its name carries (of its first record, when it has one).</param>
    public JournalSegment(string path, long firstSequence)
    {
        Path = path;
        FirstSequence = firstSequence;
        LastSequence = firstSequence - 1;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The sequence number in its name.</summary>
    public long FirstSequence { get; }

    /// <summary>Sequence of its last whole record (<see cref="FirstSequence"/> − 1 while it has none).</summary>
    public long LastSequence { get; set; }

    /// <summary>The file name of the segment whose first record is <paramref name="firstSequence"/>.</summary>
    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Reads the first sequence number from a segment's file name; false for any other file.</summary>
    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence)
            && firstSequence >= 1;
    }
}
