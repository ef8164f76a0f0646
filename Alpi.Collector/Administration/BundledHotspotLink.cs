namespace Alpi.Collector.Administration;

/// <summary>
/// The hotspot controller's services when it runs in the collector's process (<see cref="BundledHotspot"/>, attached by
/// <see cref="BundledHotspot.Attach"/>), so that the collector's administration API can manage its NAS clients
/// in-process, under the collector's own access control, rather than through the controller's admin API on its own
/// port with its own tokens. Null when the controller runs elsewhere (its own service) or not at all. Thread-safe.
/// </summary>
public sealed class BundledHotspotLink
{
    private IServiceProvider? _services;

    /// <summary>The controller's service provider, or null when it is not bundled.</summary>
    public IServiceProvider? Services => Volatile.Read(ref _services);

    /// <summary>Attaches the bundled controller's services (once).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A controller is attached already.</exception>
    public void Attach(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Interlocked.CompareExchange(ref _services, services, null) is not null)
        {
            throw new InvalidOperationException("A hotspot controller is attached to this collector already.");
        }
    }
}
