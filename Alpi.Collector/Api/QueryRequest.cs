using System.Globalization;
using Alpi.Collector.Ingest;
using Alpi.Collector.Storage;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>
/// Reads the parameters of <c>GET /api/query</c>: <c>measurement</c>, <c>field</c> (required; repeated for several
/// fields of the measurement in one request, at most <see cref="MaxFields"/>, each once), <c>host</c>,
/// <c>tenant</c>, <c>from</c>/<c>to</c> (ISO-8601, within the times ingest stores, 1678-01-01 to 2261-12-31; default the
/// last hour), <c>step</c> (<c>500ms</c>, <c>10s</c>,
/// <c>5m</c>, <c>1h</c>, <c>1d</c>; default range/300, at least 1 s), <c>agg</c> (<c>avg</c>, <c>min</c>, <c>max</c>,
/// <c>last</c>, <c>rate</c>; default avg) and tag filters as <c>tag.&lt;key&gt;=&lt;value&gt;</c>. Any other parameter
/// given several times is refused before, by the endpoint's parameter check (<see cref="QueryParameters"/>).
/// </summary>
public static class QueryRequest
{
    /// <summary>Most steps one series may have in an answer.</summary>
    public const long MaxSteps = 20_000;

    /// <summary>The largest <c>step</c> taken: 36,500 days (100 years), more than any range the store holds needs.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(36_500);

    /// <summary>The range of times stored (ingest's bounds): what <c>from</c> and <c>to</c> must lie in.</summary>
    private static readonly string StoredRange = string.Create(CultureInfo.InvariantCulture,
        $"{FromNs(MetricsPayloadReader.EarliestTimestampNs):yyyy-MM-dd'T'HH:mm:ss'Z'} to {FromNs(MetricsPayloadReader.LatestTimestampNs):yyyy-MM-dd'T'HH:mm:ss}.999999999Z");

    /// <summary>Most fields one request may ask (<c>field</c> repeated): a whole Telegraf measurement (cpu has 10).</summary>
    public const int MaxFields = 16;

    /// <summary>Parses the query string of a one-field request (the first <c>field</c> when several are given).</summary>
    /// <param name="query">The request's query string.</param>
    /// <param name="now">The current time, for defaults.</param>
    /// <param name="error">What was wrong, naming the parameter, when the result is null.</param>
    /// <returns>The store query, or null.</returns>
    public static SeriesQuery? TryParse(IQueryCollection query, DateTimeOffset now, out ApiErrorDto? error) =>
        TryParse(query, now, out _, out error);

    /// <summary>Parses the query string, with every <c>field</c> given.</summary>
    /// <param name="query">The request's query string.</param>
    /// <param name="now">The current time, for defaults.</param>
    /// <param name="fields">The fields asked, in the request's order (one or more, distinct, none empty); empty when the result is null.</param>
    /// <param name="error">What was wrong, naming the parameter, when the result is null: no field, more than
    /// <see cref="MaxFields"/>, an empty field or one given twice (named in the message), or another parameter's value.</param>
    /// <returns>The store query (its <see cref="SeriesQuery.Field"/> the first field), or null.</returns>
    public static SeriesQuery? TryParse(IQueryCollection query, DateTimeOffset now, out IReadOnlyList<string> fields, out ApiErrorDto? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        fields = [];
        string? measurement = query["measurement"];
        if (string.IsNullOrEmpty(measurement))
        {
            error = new ApiErrorDto("measurement is required", "measurement");
            return null;
        }

        var fieldValues = query["field"];
        if (fieldValues.Count == 0 || (fieldValues.Count == 1 && string.IsNullOrEmpty(fieldValues[0])))
        {
            error = new ApiErrorDto("field is required", "field");
            return null;
        }

        if (fieldValues.Count > MaxFields)
        {
            error = new ApiErrorDto($"field is given {fieldValues.Count} times; at most {MaxFields} fields in one query", "field");
            return null;
        }

        var fieldList = new List<string>(fieldValues.Count);
        for (var i = 0; i < fieldValues.Count; i++)
        {
            var name = fieldValues[i];
            if (string.IsNullOrEmpty(name))
            {
                error = new ApiErrorDto($"field number {i + 1} of {fieldValues.Count} is empty", "field");
                return null;
            }

            if (fieldList.Contains(name, StringComparer.Ordinal))
            {
                error = new ApiErrorDto($"field \"{name}\" is given twice", "field");
                return null;
            }

            fieldList.Add(name);
        }

        var field = fieldList[0];

        // Both read before either is refused, so that an answer names every one at fault (from first, then to). The
        // default from is an hour before a good to, now beside a bad to.
        var toError = TimeError("to", query["to"], now, MetricsPayloadReader.LatestTimestampNs + 1, out var to);
        // An early to (within an hour of 1678-01-01) takes the earliest stored instant as its default from, rather than
        // refusing a from the caller never gave.
        var earliest = FromNs(MetricsPayloadReader.EarliestTimestampNs);
        var defaultFrom = toError is not null ? now : to - earliest < TimeSpan.FromHours(1) ? earliest : to - TimeSpan.FromHours(1);
        var fromError = TimeError("from", query["from"], defaultFrom, MetricsPayloadReader.LatestTimestampNs, out var from);
        if (fromError is not null && toError is not null)
        {
            error = new ApiErrorDto($"{fromError.Error}; {toError.Error}", "from, to");
            return null;
        }

        if ((fromError ?? toError) is { } timeError)
        {
            error = timeError;
            return null;
        }

        if (from >= to)
        {
            error = new ApiErrorDto("from must be before to", "from");
            return null;
        }

        var range = to - from;
        TimeSpan step;
        if (string.IsNullOrEmpty(query["step"]))
        {
            step = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(range.TotalSeconds / 300)));
        }
        else
        {
            var text = query["step"].ToString();
            var parsed = TryParseDuration(text, out step);
            var unitStart = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
            // Digits and a unit the parser knows, yet no duration: a count too large for any step (99999999999d). Wider
            // steps than MaxStep would overflow the store's nanosecond arithmetic (200,000 days is beyond 2^63 ns).
            var countTooLarge = !parsed && unitStart > 0 && TryParseDuration("1" + text[unitStart..], out _);
            var problem = (parsed && step > MaxStep) || countTooLarge ? $"is longer than the largest step, {MaxStep.Days}d (100 years)"
                : !parsed ? "is not a duration such as 10s, 1m, 1h"
                : step == TimeSpan.Zero ? "must be longer than zero"
                : null;
            if (problem is not null)
            {
                error = new ApiErrorDto($"step \"{text}\" {problem}", "step");
                return null;
            }
        }

        if (range.Ticks / step.Ticks > MaxSteps)
        {
            error = new ApiErrorDto($"from..to over step gives more than {MaxSteps} steps; use a larger step", "step");
            return null;
        }

        // Names only: Enum.TryParse would also take numbers ("1") and flag lists ("avg,min" as Min).
        var agg = query["agg"].ToString();
        Aggregation? aggregation = string.IsNullOrEmpty(agg) ? Aggregation.Avg : agg.ToUpperInvariant() switch
        {
            "AVG" => Aggregation.Avg,
            "MIN" => Aggregation.Min,
            "MAX" => Aggregation.Max,
            "LAST" => Aggregation.Last,
            "RATE" => Aggregation.Rate,
            _ => null,
        };
        if (aggregation is null)
        {
            error = new ApiErrorDto($"agg \"{agg}\" must be one of avg, min, max, last, rate", "agg");
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key.StartsWith("tag.", StringComparison.Ordinal) && key.Length > 4)
            {
                tags[key[4..]] = value.ToString();
            }
        }

        string? host = query["host"], tenant = query["tenant"];
        fields = fieldList;
        return new SeriesQuery(measurement, field, string.IsNullOrEmpty(host) ? null : host, string.IsNullOrEmpty(tenant) ? null : tenant,
            tags, ToNs(from), ToNs(to), step.Ticks * 100, aggregation.Value);
    }

    /// <summary>Parses <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> (a positive integer and a unit).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var unitStart = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        if (unitStart <= 0 || !long.TryParse(text.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000_000)
        {
            return false;
        }

        TimeSpan? unit = text[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is null || n > TimeSpan.MaxValue.Ticks / unit.Value.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks(unit.Value.Ticks * n);
        return true;
    }

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public static long ToNs(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>The instant of nanoseconds since the Unix epoch (to the 100 ns tick).</summary>
    public static DateTimeOffset FromNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    /// <summary>
    /// Reads <c>from</c> or <c>to</c> (<paramref name="fallback"/> when absent): the error naming it when it is not a date
    /// and time, or lies outside the times ingest stores (<see cref="MetricsPayloadReader.EarliestTimestampNs"/>,
    /// 1678-01-01, to <paramref name="latestNs"/>: the last instant stored for <c>from</c>, the instant after it for the
    /// exclusive <c>to</c>); null when it is good.
    /// </summary>
    private static ApiErrorDto? TimeError(string name, string? text, DateTimeOffset fallback, long latestNs, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback;
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return new ApiErrorDto($"{name} \"{text}\" is not an ISO-8601 date and time", name);
        }

        // Compared as instants: one beyond what 64-bit nanoseconds hold (1677-09-21 to 2262-04-11) would overflow ToNs.
        if (time < FromNs(MetricsPayloadReader.EarliestTimestampNs) || time > FromNs(latestNs))
        {
            var shown = string.IsNullOrEmpty(text) ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : text;
            return new ApiErrorDto($"{name} \"{shown}\" is outside the times stored, {StoredRange}"
                + (latestNs > MetricsPayloadReader.LatestTimestampNs ? " (to, exclusive, may be the instant just after)" : ""), name);
        }

        return null;
    }
}
