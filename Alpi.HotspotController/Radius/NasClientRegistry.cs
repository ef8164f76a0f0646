using System.Data.Common;
using System.Net;
using Alpi.HotspotController.Nas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// The NAS clients the RADIUS servers accept, from the database (<see cref="NasClientStore"/>, managed by
/// <c>nas add</c>) and from <c>Hotspot:Radius:Clients</c>, cached in memory. The cache is re-read every
/// <see cref="RadiusServerOptions.ClientRefreshInterval"/> in the background, and at once (at most once a second) when
/// a request comes from an unknown address, so a new terminal works without a restart. A source address matches the
/// client whose network contains it, the most specific (longest prefix) first, as FreeRADIUS's <c>client</c> sections.
/// Thread-safe.
/// </summary>
public sealed partial class NasClientRegistry : IDisposable
{
    private static readonly TimeSpan UnknownSourceRefreshSpacing = TimeSpan.FromSeconds(1);
    private readonly NasClientStore _store;
    private readonly RadiusServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NasClientRegistry> _logger;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _reportedInvalid = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _reportedShadowed = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot;
    private int _backgroundRefresh;

    /// <summary>Creates the registry, holding only the configured clients until <see cref="RefreshAsync"/> reads the database.</summary>
    public NasClientRegistry(NasClientStore store, IOptions<HotspotOptions> options, TimeProvider timeProvider, ILogger<NasClientRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value.Radius;
        _timeProvider = timeProvider;
        _logger = logger;
        _snapshot = new Snapshot(Build([]), DateTimeOffset.MinValue);
    }

    /// <summary>The clients known now, most specific network first.</summary>
    public IReadOnlyList<NasClientEntry> Clients => _snapshot.Clients;

    /// <summary>The client whose network contains <paramref name="source"/> (IPv4-mapped IPv6 addresses are read as IPv4), from the cache as it is, or null.</summary>
    public NasClientEntry? Find(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        foreach (var client in _snapshot.Clients)
        {
            if (client.Network.Contains(source))
            {
                return client;
            }
        }

        return null;
    }

    /// <summary>
    /// Like <see cref="Find"/>, but first re-reads the database in the background when the cache is older than the
    /// refresh interval, and, for an unknown source, re-reads it at once (at most once a second) before giving up.
    /// </summary>
    /// <returns>The client, or null when the source is unknown.</returns>
    public async ValueTask<NasClientEntry?> FindAsync(IPAddress source, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var age = _timeProvider.GetUtcNow() - snapshot.LoadedAt;
        if (age >= _options.ClientRefreshInterval && Interlocked.CompareExchange(ref _backgroundRefresh, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await TryRefreshAsync(CancellationToken.None);
                }
                finally
                {
                    Volatile.Write(ref _backgroundRefresh, 0);
                }
            }, CancellationToken.None);
        }

        return Find(source) ?? await FindAfterImmediateRefreshAsync(source, cancellationToken);
    }

    /// <summary>
    /// For a request from <paramref name="source"/> whose authenticator did not verify with <paramref name="checkedWith"/>'s
    /// secret: re-reads the database at once when the cache is at least a second old (at most once a second, as for an
    /// unknown source), and returns the client now matching the source when its secret differs; else null (the secret
    /// really is wrong). So a secret changed by <c>nas add</c> decides the very next request instead of being seen only
    /// after <see cref="RadiusServerOptions.ClientRefreshInterval"/> and one more request. A flood of bad authenticators
    /// costs at most one database read a second.
    /// </summary>
    /// <param name="source">The request's source address.</param>
    /// <param name="checkedWith">The client whose secret was tried.</param>
    /// <param name="cancellationToken">Cancels the database read.</param>
    /// <returns>The client with a different secret to try, or null.</returns>
    public async ValueTask<NasClientEntry?> FindChangedSecretAsync(IPAddress source, NasClientEntry checkedWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkedWith);
        var client = await FindAfterImmediateRefreshAsync(source, cancellationToken);
        return client is not null && !client.Secret.AsSpan().SequenceEqual(checkedWith.Secret) ? client : null;
    }

    /// <summary>
    /// Re-reads the database at once when the cache is at least <see cref="UnknownSourceRefreshSpacing"/> old (a flood
    /// costs at most one read a second), then returns the client now matching <paramref name="source"/>, or null.
    /// </summary>
    private async ValueTask<NasClientEntry?> FindAfterImmediateRefreshAsync(IPAddress source, CancellationToken cancellationToken)
    {
        if (_timeProvider.GetUtcNow() - _snapshot.LoadedAt >= UnknownSourceRefreshSpacing)
        {
            await TryRefreshAsync(cancellationToken);
        }

        return Find(source);
    }

    /// <summary>Re-reads the database now.</summary>
    /// <exception cref="DbException">The database cannot be read; the cache is kept as it was.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>
    /// Re-reads the database now, after an administrator added, changed or removed a NAS client (admin API, the
    /// collector's NAS administration), so that the change decides the very next request: otherwise a terminal moved to
    /// a new address may have its first request dropped (an unknown source re-reads at most once a second) and its old
    /// address is still served until <see cref="RadiusServerOptions.ClientRefreshInterval"/>. A database failure is
    /// logged, not thrown: the cache stays as it was and the periodic refresh reads the change later.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when re-read; false when the database could not be read.</returns>
    public async Task<bool> RefreshAfterChangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
            return true;
        }
        catch (DbException e)
        {
            Log.RefreshFailed(_logger, e.Message);
            return false;
        }
    }

    private async Task TryRefreshAsync(CancellationToken cancellationToken)
    {
        if (!await _refreshLock.WaitAsync(0, cancellationToken))
        {
            // Another request is refreshing; wait for it rather than reading the database twice.
            await _refreshLock.WaitAsync(cancellationToken);
            _refreshLock.Release();
            return;
        }

        try
        {
            if (_timeProvider.GetUtcNow() - _snapshot.LoadedAt >= UnknownSourceRefreshSpacing)
            {
                await LoadAsync(cancellationToken);
            }
        }
        catch (DbException e)
        {
            Log.RefreshFailed(_logger, e.Message);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ListAsync(cancellationToken);
        var previous = _snapshot;
        var clients = Build(stored);
        _snapshot = new Snapshot(clients, _timeProvider.GetUtcNow());
        if (previous.LoadedAt == DateTimeOffset.MinValue || clients.Count != previous.Clients.Count)
        {
            var configured = clients.Count(c => c.FromConfiguration);
            Log.Loaded(_logger, clients.Count, configured);
        }
    }

    private List<NasClientEntry> Build(IReadOnlyList<NasClient> stored)
    {
        var byName = new Dictionary<string, NasClientEntry>(StringComparer.Ordinal);
        foreach (var configured in _options.Clients)
        {
            var entry = TryCreate(configured.ToNasClient(), configured.MacPassword ?? _options.MacPassword, fromConfiguration: true);
            if (entry is not null)
            {
                byName[entry.Name] = entry;
            }
        }

        foreach (var client in stored)
        {
            var entry = TryCreate(client, _options.MacPassword, fromConfiguration: false);
            if (entry is not null)
            {
                byName[entry.Name] = entry;
            }
        }

        var ordered = byName.Values
            .OrderByDescending(c => c.Network.PrefixLength)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        ReportSameAddress(ordered);
        return ordered;
    }

    /// <summary>
    /// Two clients of one network (added before the administration refused it, or one stored and one configured): the
    /// first by name answers for both, the other is never recognised. Said once per client and address.
    /// </summary>
    private void ReportSameAddress(List<NasClientEntry> ordered)
    {
        var first = new Dictionary<IPNetwork, string>();
        foreach (var entry in ordered)
        {
            if (first.TryAdd(entry.Network, entry.Name))
            {
                continue;
            }

            var network = entry.Network.ToString();
            if (!_reportedShadowed.TryGetValue(entry.Name, out var said) || said != network)
            {
                _reportedShadowed[entry.Name] = network;
                Log.SameAddress(_logger, entry.Name, network, first[entry.Network]);
            }
        }
    }

    private NasClientEntry? TryCreate(NasClient client, string macPassword, bool fromConfiguration)
    {
        try
        {
            return new NasClientEntry(client, macPassword, fromConfiguration);
        }
        catch (FormatException e)
        {
            // Reported once per name and address, not at every refresh.
            if (!_reportedInvalid.TryGetValue(client.Name, out var address) || address != client.Address)
            {
                _reportedInvalid[client.Name] = client.Address;
                Log.InvalidClient(_logger, client.Name, e.Message);
            }

            return null;
        }
    }

    /// <summary>Releases the refresh lock.</summary>
    public void Dispose() => _refreshLock.Dispose();

    private sealed record Snapshot(List<NasClientEntry> Clients, DateTimeOffset LoadedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "RADIUS: {Count} NAS client(s) known ({Configured} from Hotspot:Radius:Clients)")]
        public static partial void Loaded(ILogger logger, int count, int configured);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "RADIUS: NAS client {Name} ignored: {Reason}")]
        public static partial void InvalidClient(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "RADIUS: NAS client {Name} is never recognised: its address {Network} is {Other}'s too, and requests from it are taken as {Other}'s; give each terminal its own address")]
        public static partial void SameAddress(ILogger logger, string name, string network, string other);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "RADIUS: the NAS clients could not be re-read from the database ({Reason}); the previous list stays in use")]
        public static partial void RefreshFailed(ILogger logger, string reason);
    }
}
