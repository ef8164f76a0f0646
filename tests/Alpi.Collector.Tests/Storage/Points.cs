using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Tests.Storage;

/// <summary>Builds <see cref="LinePoint"/>s for store tests: <c>Points.Of("cpu", "tenant=acme,host=srv1", ("usage", FieldValue.Float(1)))</c>.</summary>
internal static class Points
{
    public static LinePoint Of(string measurement, string tags, long? timestamp, params (string Key, FieldValue Value)[] fields) => new(
        measurement,
        tags.Length == 0 ? [] : tags.Split(',').Select(t => t.Split('=', 2)).Select(t => new KeyValuePair<string, string>(t[0], t[1])).ToList(),
        fields.Select(f => new KeyValuePair<string, FieldValue>(f.Key, f.Value)).ToList(),
        timestamp);

    public static LinePoint Float(string measurement, string tags, string field, double value, long? timestamp = 0) =>
        Of(measurement, tags, timestamp, (field, FieldValue.Float(value)));
}
