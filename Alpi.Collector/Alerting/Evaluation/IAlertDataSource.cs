using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using QueryRequest = Alpi.Collector.Api.QueryRequest;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>
/// What the rules read: series and their raw points, hosts and their status from the inventory. The collector's
/// implementation is <see cref="RecentPoints.RecentPointsWindow"/> (recent points in memory), over
/// <see cref="StoreAlertDataSource"/> (the time-series store); tests give their own.
/// </summary>
public interface IAlertDataSource
{
    /// <summary>
    /// Told of the rules before each evaluation tick (and at start), so that the source can prepare what they will
    /// read from <paramref name="now"/> on (the tick's evaluation time). Does nothing by default.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task PrepareAsync(RuleSet rules, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The known series matching <paramref name="selector"/>, within a tenant and host when given.</summary>
    IReadOnlyList<SeriesInfo> ListSeries(SeriesSelector selector, string? tenant, string? host);

    /// <summary>
    /// The raw points in [<paramref name="rangeStart"/>, <paramref name="rangeEnd"/>) of every series matching
    /// <paramref name="selector"/> (series without points are returned with none), in time order.
    /// </summary>
    Task<IReadOnlyList<SeriesPoints>> ReadAsync(SeriesSelector selector, string? tenant, string? host, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken);

    /// <summary>Every known host with its status (<c>online</c>, <c>offline</c>, <c>unknown</c>) and last-seen time.</summary>
    IReadOnlyList<HostRecord> ListHosts();
}

/// <summary>
/// <see cref="IAlertDataSource"/> over the collector's <see cref="ITimeSeriesStore"/> (raw points: a query with a
/// 1 ns step and the <c>last</c> aggregation) and <see cref="HostInventory"/>. Equality tag matchers are passed to
/// the store; the others are applied here.
/// </summary>
public sealed class StoreAlertDataSource(ITimeSeriesStore store, HostInventory inventory) : IAlertDataSource
{
    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(SeriesSelector selector, string? tenant, string? host)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return store.ListSeries(tenant, host)
            .Where(s => s.Measurement == selector.Measurement && s.Field == selector.Field && selector.Matches(s.Tags))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SeriesPoints>> ReadAsync(SeriesSelector selector, string? tenant, string? host, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var query = new SeriesQuery(selector.Measurement, selector.Field, host, tenant, selector.ExactTags,
            QueryRequest.ToNs(rangeStart), QueryRequest.ToNs(rangeEnd), 1, Aggregation.Last);
        var result = await store.QueryAsync(query, cancellationToken);
        return selector.Tags.All(t => t.Kind == TagMatchKind.Equal) ? result : result.Where(s => selector.Matches(s.Series.Tags)).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<HostRecord> ListHosts() => inventory.List();
}
