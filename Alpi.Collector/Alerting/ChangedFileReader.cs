using System.Security.Cryptography;

namespace Alpi.Collector.Alerting;

/// <summary>
/// Reads a configuration file (the rule file, the on-call file) only when it changed: a stat at every call, and a read
/// and SHA-256 hash of the UTF-8 text only when its size or last-write time differ from the previous call; content
/// equal to the last one read counts as unchanged. Robust against editors that replace the file, unlike a file watcher.
/// With a quiet period (debounce), a change is read only once the file has been quiet that long: its last-write time
/// is at least that old by the <see cref="TimeProvider"/>, or the same size and time were already seen at a call at
/// least that long ago, so that a file being rewritten in place is not read half written. The first check reads at once.
/// Not thread-safe: the providers call it under their own lock.
/// </summary>
/// <param name="path">The file's path.</param>
/// <param name="time">The clock of the quiet period; null for no debounce.</param>
/// <param name="quietPeriod">How long a changed file must stay unchanged before it is read (zero: no debounce).</param>
public sealed class ChangedFileReader(string path, TimeProvider? time = null, TimeSpan quietPeriod = default)
{
    private (DateTime WriteTime, long Length)? _stamp;
    private (DateTime WriteTime, long Length)? _settling;
    private DateTimeOffset _settlingSince;
    private string? _hash;

    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>True once <see cref="ReadIfChanged"/> or <see cref="MarkMissing"/> was called.</summary>
    public bool Checked => _stamp is not null;

    /// <summary>True when the last call saw the file present.</summary>
    public bool WasPresent => _stamp is { Length: >= 0 };

    /// <summary>Records that the file is absent; with <paramref name="forgetContent"/>, the same content reappearing counts as a change.</summary>
    public void MarkMissing(bool forgetContent)
    {
        _stamp = (DateTime.MinValue, -1);
        if (forgetContent)
        {
            _hash = null;
        }
    }

    /// <summary>The file's text when it changed since the last call, else null.</summary>
    /// <param name="info">The file, already known to exist.</param>
    /// <param name="unreadable">Called with the reason when the file cannot be read (being written): it is tried again at the next call.</param>
    public string? ReadIfChanged(FileInfo info, Action<string> unreadable)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(unreadable);
        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (_stamp == stamp)
        {
            return null;
        }

        if (!IsQuiet(stamp))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (IOException e)
        {
            unreadable(e.Message);
            return null;
        }

        _stamp = stamp;
        _settling = null;
        var hash = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        if (hash == _hash)
        {
            return null;
        }

        _hash = hash;
        return text;
    }

    /// <summary>True when a change may be read now: no debounce, first check, or quiet for the quiet period.</summary>
    private bool IsQuiet((DateTime WriteTime, long Length) stamp)
    {
        if (time is null || quietPeriod <= TimeSpan.Zero || _stamp is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (now - new DateTimeOffset(stamp.WriteTime, TimeSpan.Zero) >= quietPeriod)
        {
            return true;
        }

        if (_settling != stamp)
        {
            _settling = stamp;
            _settlingSince = now;
            return false;
        }

        return now - _settlingSince >= quietPeriod;
    }
}
