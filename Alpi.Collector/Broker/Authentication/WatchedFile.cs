namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// A text file read again when it changes (its modification time or length), checked at most once per
/// <see cref="CheckInterval"/>, as Mosquitto rereads its password and ACL files on SIGHUP: scripts such as
/// <c>add-agent.sh</c> take effect without a restart. A file that cannot be read keeps its last good content.
/// </summary>
/// <typeparam name="T">What the lines are parsed into.</typeparam>
internal sealed class WatchedFile<T>(string path, Func<IEnumerable<string>, T> parse, T initial, TimeProvider timeProvider, Action<T> loaded, Action<string> readFailed)
    where T : class
{
    /// <summary>The shortest time between two checks of the file's modification time.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private T _value = initial;
    private (DateTime Modified, long Length)? _stamp;
    private long _nextCheckTicks = long.MinValue;
    private bool _read;
    private bool _failing;

    /// <summary>The file's path.</summary>
    public string Path => path;

    /// <summary>The content of the last good reading (reading the file first when it may have changed).</summary>
    public T Current
    {
        get
        {
            var now = timeProvider.GetUtcNow().UtcTicks;
            if (now < Interlocked.Read(ref _nextCheckTicks))
            {
                return Volatile.Read(ref _value);
            }

            lock (_lock)
            {
                if (now >= _nextCheckTicks)
                {
                    _nextCheckTicks = now + CheckInterval.Ticks;
                    Refresh();
                }

                return _value;
            }
        }
    }

    /// <summary>
    /// Checks the file now, whatever the time since the last check (and restarts the <see cref="CheckInterval"/>): for
    /// a file that must be current at a given moment, as the ACL when a CONNECT has just been accepted.
    /// </summary>
    public void CheckNow()
    {
        lock (_lock)
        {
            _nextCheckTicks = timeProvider.GetUtcNow().UtcTicks + CheckInterval.Ticks;
            Refresh();
        }
    }

    private void Refresh()
    {
        (DateTime, long)? stamp;
        try
        {
            var info = new FileInfo(path);
            stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stamp = null;
        }

        if (_read && stamp == _stamp)
        {
            return;
        }

        string problem;
        if (stamp is null)
        {
            problem = "the file does not exist or cannot be examined";
        }
        else
        {
            try
            {
                var value = parse(File.ReadAllLines(path));
                Volatile.Write(ref _value, value);
                _stamp = stamp;
                _read = true;
                _failing = false;
                loaded(value);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = e.Message;
            }
        }

        // Tried again at the next check; reported once until a reading succeeds.
        _read = false;
        if (!_failing)
        {
            _failing = true;
            readFailed(problem);
        }
    }
}
