using System.Globalization;

namespace Alpi.Collector.Ingest.Journal;

/// <summary>
/// The side file <c>stored-sequence</c> of the journal folder: the highest sequence number whose record, and every record
/// before it, the store has committed, as decimal ASCII. Written after each commit to a temporary file renamed over it
/// (atomic on POSIX), without fsync: a file lost or stale after a power cut only makes the next start replay records that
/// are already stored, which is harmless because store writes are idempotent on series and timestamp (a point written
/// twice is stored once). This is why a side file suffices and no table is added in the store's own transaction.
/// </summary>
public static class StoredSequenceFile
{
    /// <summary>Name of the file in the journal folder.</summary>
    public const string FileName = "stored-sequence";

    /// <summary>Reads the stored sequence of <paramref name="directory"/>: 0 when the file is absent.</summary>
    /// <param name="directory">The journal folder.</param>
    /// <param name="problem">Set when the file exists but cannot be read or holds no sequence (then 0 is returned, and everything journalled is replayed).</param>
    public static long Read(string directory, out string? problem)
    {
        problem = null;
        var path = Path.Combine(directory, FileName);
        try
        {
            if (!File.Exists(path))
            {
                return 0;
            }

            var text = File.ReadAllText(path).Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }

            problem = $"{path} holds \"{(text.Length > 40 ? text[..40] : text)}\", not a sequence number";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{path}: {e.Message}";
        }

        return 0;
    }

    /// <summary>Replaces the file of <paramref name="directory"/> with <paramref name="sequence"/>.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void Write(string directory, long sequence)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, sequence.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
