using Alpi.Collector.Administration;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Wifi;

/// <summary>
/// The collector's door to the Wi-Fi sessions (the legal connection log, CPCE R10-13) of the hotspot controller bundled
/// in its process (<see cref="BundledHotspot"/>): it reads that controller's <see cref="ConnectionLogQuery"/> through
/// <see cref="BundledHotspotLink"/>, which <see cref="BundledHotspot.Attach"/> fills once both are built. Without a
/// bundled controller (a collector run on its own, or with <c>--Hotspot:Enabled=false</c>) <see cref="IsAvailable"/> is
/// false and the API answers 503. Thread-safe.
/// </summary>
/// <param name="link">The collector's link to the bundled controller's services.</param>
public sealed class WifiSessionSearch(BundledHotspotLink link)
{
    /// <summary>Sessions returned when the request gives no <c>limit</c>.</summary>
    public const int DefaultLimit = 200;

    /// <summary>The most sessions one search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>True once a controller is attached to the collector (<see cref="BundledHotspot.Attach"/>).</summary>
    public bool IsAvailable => link.Services is not null;

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
        var services = link.Services ?? throw new InvalidOperationException("no hotspot controller runs in this process");
        return services.GetRequiredService<ConnectionLogQuery>().SearchAsync(criteria, limit + 1, cancellationToken);
    }
}
