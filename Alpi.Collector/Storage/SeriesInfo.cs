namespace Alpi.Collector.Storage;

/// <summary>
/// One series: a measurement, a tag set and a field. The <c>tenant</c> and <c>host</c> tags are always present,
/// taken from the MQTT topic the points arrived on.
/// </summary>
/// <param name="Id">The store's identifier of the series.</param>
/// <param name="Measurement">Measurement name (<c>cpu</c>).</param>
/// <param name="Field">Field key (<c>usage_user</c>).</param>
/// <param name="Tenant">The member body.</param>
/// <param name="Host">The host.</param>
/// <param name="Tags">All tags, sorted by key, including <c>tenant</c> and <c>host</c>.</param>
public sealed record SeriesInfo(long Id, string Measurement, string Field, string Tenant, string Host, IReadOnlyDictionary<string, string> Tags);
