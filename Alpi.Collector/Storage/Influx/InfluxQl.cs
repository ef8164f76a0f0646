using System.Globalization;
using System.Text;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Builds the InfluxQL statements of <see cref="InfluxDb1TimeSeriesStore"/>. Every name is a double-quoted identifier
/// and every value a single-quoted string literal, escaped by <see cref="Identifier"/> and <see cref="StringLiteral"/>:
/// user input (tag filters from <c>/api/query</c>) never reaches the statement unescaped.
/// Source: InfluxDB 1.x documentation, "Influx Query Language (InfluxQL) reference" (identifiers, literals, durations).
/// </summary>
public static class InfluxQl
{
    /// <summary>
    /// <paramref name="name"/> as a double-quoted identifier: <c>\</c> and <c>"</c> are escaped with a backslash and a
    /// newline becomes <c>\n</c> (the InfluxQL scanner accepts no raw newline in a quoted token).
    /// </summary>
    public static string Identifier(string name) => Quote(name, '"');

    /// <summary><paramref name="value"/> as a single-quoted string literal, escaped as <see cref="Identifier"/> is.</summary>
    public static string StringLiteral(string value) => Quote(value, '\'');

    /// <summary>
    /// The source of a statement: <c>"rp"."measurement"</c>, or <c>"measurement"</c> (the database's default policy)
    /// when <paramref name="retentionPolicy"/> is null. The database is the request's <c>db=</c> parameter.
    /// </summary>
    public static string From(string? retentionPolicy, string measurement) =>
        retentionPolicy is null ? Identifier(measurement) : string.Concat(Identifier(retentionPolicy), ".", Identifier(measurement));

    /// <summary>
    /// The statement answering <paramref name="query"/>:
    /// <c>SELECT fn("field") FROM … WHERE time &gt;= from AND time &lt; to AND "tag" = 'v' … GROUP BY time(stepns), * fill(none)</c>,
    /// with <c>mean</c>, <c>min</c>, <c>max</c> or <c>last</c> (<c>last</c> also for rates, computed by the caller,
    /// from one step before <c>from</c>, with any step); with a step of 1 ns or less, raw points (<c>SELECT "field" … GROUP BY *</c>).
    /// Buckets start at multiples of the step since the epoch, as in the embedded store; times are nanoseconds.
    /// </summary>
    public static string Select(string? retentionPolicy, SeriesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Select(retentionPolicy, query, [query.Field]);
    }

    /// <summary>
    /// The statement answering <paramref name="query"/> for each of <paramref name="fields"/> at once (the query's own
    /// field ignored): as <see cref="Select(string?, SeriesQuery)"/> with one selected column per field, in the order
    /// given (<c>SELECT mean("a"), mean("b") FROM …</c>; raw: <c>SELECT "a", "b" FROM …</c>). A row holds a value for
    /// at least one of them; the others' columns are null there.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fields"/> is empty, or a field is empty or given twice.</exception>
    public static string Select(string? retentionPolicy, SeriesQuery query, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(query);
        SeriesQuery.CheckFields(fields);
        var raw = query.StepNs <= 1;
        var step = Math.Max(1, query.StepNs);
        var from = StepBuckets.ReadFrom(query);
        var function = query.Aggregation switch
        {
            Aggregation.Avg => "mean",
            Aggregation.Min => "min",
            Aggregation.Max => "max",
            _ => "last",
        };
        var sb = new StringBuilder("SELECT ");
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            var field = Identifier(fields[i]);
            if (raw)
            {
                sb.Append(field);
            }
            else
            {
                sb.Append(function).Append('(').Append(field).Append(')');
            }
        }

        sb.Append(" FROM ").Append(From(retentionPolicy, query.Measurement))
            .Append(CultureInfo.InvariantCulture, $" WHERE time >= {from} AND time < {query.ToNs}");
        foreach (var (key, value) in query.AllTagFilters())
        {
            sb.Append(" AND ").Append(Identifier(key)).Append(" = ").Append(StringLiteral(value));
        }

        return raw
            ? sb.Append(" GROUP BY *").ToString()
            : sb.Append(CultureInfo.InvariantCulture, $" GROUP BY time({step}ns), * fill(none)").ToString();
    }

    /// <summary>
    /// The statement giving the last value per step of every field of every series of <paramref name="measurement"/>
    /// within [<paramref name="fromNs"/>, <paramref name="toNs"/>), restricted to the tags in <paramref name="tagFilters"/>:
    /// <c>SELECT last(*) FROM … WHERE time &gt;= from AND time &lt; to AND "tag" = 'v' … GROUP BY time(stepns), * fill(none)</c>
    /// (columns <c>last_&lt;field&gt;</c>; each row a step start). Grouped by step rather than <c>last(*)</c> alone, since
    /// with several selectors InfluxDB dates every value at the start of the range, not at its own time.
    /// </summary>
    public static string LastPerStep(string? retentionPolicy, string measurement, IReadOnlyDictionary<string, string> tagFilters, long fromNs, long toNs, long stepNs)
    {
        ArgumentNullException.ThrowIfNull(tagFilters);
        var sb = new StringBuilder("SELECT last(*) FROM ").Append(From(retentionPolicy, measurement))
            .Append(CultureInfo.InvariantCulture, $" WHERE time >= {fromNs} AND time < {toNs}");
        foreach (var (key, value) in tagFilters.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            sb.Append(" AND ").Append(Identifier(key)).Append(" = ").Append(StringLiteral(value));
        }

        return sb.Append(CultureInfo.InvariantCulture, $" GROUP BY time({Math.Max(1, stepNs)}ns), * fill(none)").ToString();
    }

    /// <summary>
    /// The statement listing every series of a measurement with the last value of each of its fields, used to load
    /// the series index at start: <c>SELECT last(*) FROM … GROUP BY *</c> (columns <c>last_&lt;field&gt;</c>, null
    /// where the series lacks the field).
    /// </summary>
    public static string LastOfEverySeries(string? retentionPolicy, string measurement) =>
        $"SELECT last(*) FROM {From(retentionPolicy, measurement)} GROUP BY *";

    private static string Quote(string text, char quote)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\'':
                    sb.Append("\\'");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append(quote).ToString();
    }
}
