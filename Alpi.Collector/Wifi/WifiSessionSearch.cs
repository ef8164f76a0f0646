using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;

namespace Alpi.Collector.Wifi;

/// <summary>
/// The collector's door to the Wi-Fi sessions (the legal connection log, CPCE R10-13) of the hotspot controller bundled
/// in its process (<see cref="BundledHotspot"/>): <see cref="Attach"/> hands it that controller's
/// <see cref="ConnectionLogQuery"/> once both are built. Without a bundled controller (a collector run on its own, or
/// with <c>--Hotspot:Enabled=false</c>) <see cref="IsAvailable"/> is false and the API answers 503. Thread-safe.
/// </summary>
public sealed class WifiSessionSearch
{
    /// <summary>Sessions returned when the request gives no <c>limit</c>.</summary>
    public const int DefaultLimit = 200;

    /// <summary>The most sessions one search returns.</summary>
    public const int MaxLimit = 1000;

    private ConnectionLogQuery? _query;

    /// <summary>True once a controller's session store is attached.</summary>
    public bool IsAvailable => Volatile.Read(ref _query) is not null;

    /// <summary>Attaches the session store of the controller running in this process.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public void Attach(ConnectionLogQuery query) => Volatile.Write(ref _query, query ?? throw new ArgumentNullException(nameof(query)));

    /// <summary>
    /// The sessions, open or ended, that overlap the criteria's period and match each other criterion given, oldest
    /// start first, at most <paramref name="limit"/> + 1 (one more than asked tells the caller the answer was cut).
    /// </summary>
    /// <param name="criteria">Terminal, period, account, MAC, IP (<see cref="ConnectionLogCriteria"/>).</param>
    /// <param name="limit">1 to <see cref="MaxLimit"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">No controller is attached.</exception>
    /// <exception cref="System.Data.Common.DbException">The controller's database cannot be read.</exception>
    public Task<IReadOnlyList<HotspotSession>> SearchAsync(ConnectionLogCriteria criteria, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var query = Volatile.Read(ref _query) ?? throw new InvalidOperationException("no hotspot controller runs in this process");
        return query.SearchAsync(criteria, limit + 1, cancellationToken);
    }
}
