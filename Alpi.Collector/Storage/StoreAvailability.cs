namespace Alpi.Collector.Storage;

/// <summary>
/// Whether the time-series store is open, and while it is not, what is being tried: the store's kind, where it is
/// (InfluxDB URL or DuckDB file), the setting that names it, the attempts so far and the last error. Written by
/// <see cref="StoreLifecycle"/>, read by the ingest writer (which stores nothing, and so acknowledges nothing, before
/// the store is open) and by <c>GET /healthz</c>. Thread-safe.
/// </summary>
public sealed class StoreAvailability
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _attempts;
    private string? _lastError;
    private DateTimeOffset? _lastAttemptAt;
    private DateTimeOffset? _openedAt;

    /// <summary>Creates the record of one store.</summary>
    /// <param name="kind">The store kind (<see cref="StorageOptions.Kind"/>: <c>duckdb</c>, <c>influxdb1</c>, <c>influxdb2</c>).</param>
    /// <param name="location">Where it is: the InfluxDB URL, or the DuckDB file's path.</param>
    /// <param name="setting">The configuration key that sets <paramref name="location"/> (<c>Collector:Storage:InfluxDb1:Url</c>…).</param>
    public StoreAvailability(string kind, string location, string setting)
    {
        Kind = kind;
        Location = location;
        Setting = setting;
    }

    /// <summary>The store kind, lower case (<c>duckdb</c>, <c>influxdb1</c>, <c>influxdb2</c>).</summary>
    public string Kind { get; }

    /// <summary>The InfluxDB URL, or the DuckDB file's path.</summary>
    public string Location { get; }

    /// <summary>The configuration key of <see cref="Location"/>.</summary>
    public string Setting { get; }

    /// <summary>True once the store has been opened (its series index loaded); it then stays true.</summary>
    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Completes when the store is open.</summary>
    public Task WhenOpen => _open.Task;

    /// <summary>Opening attempts that failed so far (each one being the store's own attempts with their retries).</summary>
    public int FailedAttempts
    {
        get
        {
            lock (_lock)
            {
                return _attempts;
            }
        }
    }

    /// <summary>Records a failed opening attempt and its reason (never a secret: the stores' messages name no credential).</summary>
    public void RecordFailure(string reason, DateTimeOffset at)
    {
        lock (_lock)
        {
            _attempts++;
            _lastError = reason;
            _lastAttemptAt = at;
        }
    }

    /// <summary>Marks the store open.</summary>
    public void RecordOpen(DateTimeOffset at)
    {
        lock (_lock)
        {
            _openedAt = at;
            _lastAttemptAt = at;
        }

        _open.TrySetResult();
    }

    /// <summary>What <c>GET /healthz</c> shows under <c>store</c>.</summary>
    public StoreStatusDto ToDto()
    {
        lock (_lock)
        {
            return new StoreStatusDto(Kind, IsOpen ? "open" : "opening", Location, Setting, _attempts, _lastError, _lastAttemptAt, _openedAt);
        }
    }
}

/// <summary>The time-series store in <c>GET /healthz</c>.</summary>
/// <param name="Kind"><c>duckdb</c>, <c>influxdb1</c> or <c>influxdb2</c>.</param>
/// <param name="State"><c>open</c>, or <c>opening</c> while it cannot be reached (nothing is stored nor acknowledged meanwhile: the broker keeps the messages).</param>
/// <param name="Location">The InfluxDB URL or the DuckDB file.</param>
/// <param name="Setting">The configuration key of <paramref name="Location"/>.</param>
/// <param name="FailedAttempts">Opening attempts that failed since start.</param>
/// <param name="LastError">The last failure's reason, or null.</param>
/// <param name="LastAttemptAt">When the store was last tried (UTC), or null.</param>
/// <param name="OpenedAt">When it opened (UTC), or null while it has not.</param>
public sealed record StoreStatusDto(string Kind, string State, string Location, string Setting, int FailedAttempts, string? LastError,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? OpenedAt);
