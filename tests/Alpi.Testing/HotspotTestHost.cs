using System.Globalization;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Testing;

/// <summary>
/// What the in-process hotspot controllers of the tests share (<see cref="BundledHotspotHarness"/> and the hotspot
/// controller tests' own harness): the settings that put RADIUS and the portal on 127.0.0.1 with the state in a temp
/// folder, the NAS client stored as <c>nas add</c> would, and the stop that releases the SQLite files before deleting them.
/// </summary>
public static class HotspotTestHost
{
    /// <summary>
    /// The configuration keys and values for a controller whose state is in <paramref name="dataDirectory"/>, RADIUS on
    /// 127.0.0.1 UDP <paramref name="authPort"/> (authentication) and <paramref name="acctPort"/> (accounting), the portal
    /// on a free 127.0.0.1 TCP port, and logging at Warning.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Settings(string dataDirectory, int authPort, int acctPort) =>
    [
        new("Hotspot:DataDirectory", dataDirectory),
        new("Hotspot:Radius:BindAddress", "127.0.0.1"),
        new("Hotspot:Radius:AuthPort", authPort.ToString(CultureInfo.InvariantCulture)),
        new("Hotspot:Radius:AcctPort", acctPort.ToString(CultureInfo.InvariantCulture)),
        new("Hotspot:Portal:Url", $"http://127.0.0.1:{FreePort.Tcp().ToString(CultureInfo.InvariantCulture)}"),
        new("Logging:LogLevel:Default", "Warning"),
    ];

    /// <summary>Stores <paramref name="nas"/> in the controller's database and reloads its NAS client registry, as <c>nas add</c> then a refresh would.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="nas"/> is null.</exception>
    public static async Task AddNasAsync(IServiceProvider services, NasClient nas)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(nas);
        await services.GetRequiredService<NasClientStore>().UpsertAsync(nas, CancellationToken.None);
        await services.GetRequiredService<NasClientRegistry>().RefreshAsync(CancellationToken.None);
    }

    /// <summary>Stops and disposes <paramref name="app"/> when started, clears the SQLite pools, then deletes <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static async ValueTask StopAsync(WebApplication? app, TempDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        data.Dispose();
    }
}
