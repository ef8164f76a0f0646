using System.Globalization;
using CsvHelper;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Reads the annotated CSV that InfluxDB 2.x answers Flux queries with, into <see cref="FluxCsvRecord"/>s: a
/// <c>#datatype</c> row starts a table and types its columns (<c>dateTime:RFC3339</c> as nanoseconds since the epoch,
/// <c>double</c>, <c>long</c>, <c>unsignedLong</c>, <c>boolean</c>, anything else as a string), <c>#default</c> gives
/// the value of empty cells, the next row names the columns, then each row is a record. The first column (the
/// annotation column) is empty in header and data rows. An in-band error table (columns <c>error</c>,
/// <c>reference</c>) throws.
/// <para>
/// InfluxDB.Client's own parser is not used: it is built against CsvHelper 33, and the collector process loads
/// CsvHelper 34 (the hotspot controller's export needs it), which removed the constructor that parser calls
/// (a <see cref="MissingMethodException"/> at the first query). This reader uses CsvHelper 34 for the RFC 4180 part.
/// </para>
/// Source: InfluxDB 2.x documentation, "Annotated CSV" (annotations, data types, error tables).
/// </summary>
public static class FluxCsv
{
    /// <summary>Parses a whole query answer.</summary>
    /// <exception cref="InfluxDbException">The answer is an error table, or a cell does not parse as its column's type.</exception>
    public static List<FluxCsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<FluxCsvRecord>();
        string[]? types = null;
        string[]? defaults = null;
        string[]? header = null;
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetString(i);
            }

            if (row.Length == 0 || (row.Length == 1 && row[0].Length == 0))
            {
                continue;
            }

            switch (row[0])
            {
                case "#datatype":
                    (types, defaults, header) = (row, null, null);
                    continue;
                case "#default":
                    defaults = row;
                    continue;
                case { } annotation when annotation.StartsWith('#'):
                    continue;
            }

            // A header row: the first after the annotations, or one naming result and table (a new table without annotations).
            if (header is null || (row.Length > 2 && row[1] == "result" && row[2] == "table"))
            {
                header = row;
                continue;
            }

            if (Array.IndexOf(header, "error") is var error and > 0 && Array.IndexOf(header, "reference") > 0)
            {
                throw new InfluxDbException($"InfluxDB query failed: {row[error]}");
            }

            var values = new Dictionary<string, object?>(header.Length, StringComparer.Ordinal);
            for (var i = 1; i < header.Length && i < row.Length; i++)
            {
                var cell = row[i].Length == 0 && defaults is not null && i < defaults.Length ? defaults[i] : row[i];
                values[header[i]] = Convert(types is not null && i < types.Length ? types[i] : "string", cell, header[i]);
            }

            records.Add(new FluxCsvRecord(values));
        }

        return records;
    }

    /// <summary>
    /// An RFC 3339 UTC time as InfluxDB writes it (<c>2027-01-15T07:59:50.123456789Z</c>, up to 9 fraction digits), in
    /// nanoseconds since the epoch.
    /// </summary>
    /// <exception cref="FormatException">Not such a time.</exception>
    public static long ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var seconds = dot < 0 ? text : text[..dot] + "Z";
        var whole = DateTimeOffset.ParseExact(seconds, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        long fraction = 0;
        if (dot >= 0)
        {
            var digits = text[(dot + 1)..].TrimEnd('Z');
            if (digits.Length is 0 or > 9 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fraction))
            {
                throw new FormatException($"\"{text}\" is not an RFC 3339 time");
            }

            for (var i = digits.Length; i < 9; i++)
            {
                fraction *= 10;
            }
        }

        return ((whole.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + fraction;
    }

    private static object? Convert(string type, string cell, string column)
    {
        if (cell.Length == 0 && type != "string")
        {
            return null;
        }

        try
        {
            return type switch
            {
                "dateTime:RFC3339" or "dateTime:RFC3339Nano" => ParseTime(cell),
                "double" => cell switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    _ => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
                },
                "long" => long.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture),
                "unsignedLong" => ulong.Parse(cell, NumberStyles.None, CultureInfo.InvariantCulture),
                "boolean" => cell == "true",
                _ => cell,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InfluxDbException($"InfluxDB answered \"{cell}\" in the {type} column {column}", e);
        }
    }
}

/// <summary>One row of a Flux answer: column name to value (null when empty), typed by <see cref="FluxCsv"/>.</summary>
/// <param name="Values">The row's columns, the annotation column left out.</param>
public sealed record FluxCsvRecord(IReadOnlyDictionary<string, object?> Values)
{
    /// <summary><c>_time</c> in nanoseconds since the epoch, or null.</summary>
    public long? Time => Values.TryGetValue("_time", out var time) ? time as long? : null;

    /// <summary><c>_value</c>, or null.</summary>
    public object? Value => Values.GetValueOrDefault("_value");

    /// <summary><c>_field</c>, or null.</summary>
    public string? Field => Values.GetValueOrDefault("_field") as string;

    /// <summary><c>_measurement</c>, or null.</summary>
    public string? Measurement => Values.GetValueOrDefault("_measurement") as string;
}
