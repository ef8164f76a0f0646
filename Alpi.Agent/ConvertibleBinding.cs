using System.Globalization;
using Alpi.Protocols.Configuration;
using Microsoft.Extensions.Configuration;

namespace Alpi.Agent;

/// <summary>
/// Binds an options section so that every value the configuration binder cannot convert to its property's type
/// (<c>Agent:Interval=soon</c> for a <see cref="TimeSpan"/>, <c>Agent:Broker:Port=abc</c> for an <see cref="int"/>) is
/// reported, one line each naming the key and the value, instead of the binder's exception at the first one, which hides
/// the others and every problem the validators would find. Native AOT safe, without reflection over the options' types
/// (the collector's <c>ConfigurationConversion</c> walks them): each value of the section is bound alone, with its full
/// key, into a fresh options object by the caller's <c>bind</c> delegate (a concrete-typed <c>Bind</c> call,
/// which the configuration binding source generator intercepts); a value whose binding throws
/// <see cref="InvalidOperationException"/> is reported and left out, then the remaining values are bound together, so that
/// each property at such a key keeps its default. A key no property declares is ignored, as the binder ignores it.
/// A duration given as a bare number (<c>Agent:Interval=30</c>, which .NET reads as 30 days) is reported and left out too
/// (<see cref="DurationSetting"/>).
/// Source: Microsoft.Extensions.Configuration.Binder 10, source generator (<c>BindingExtensions.g.cs</c>: <c>ParseInt</c>,
/// <c>ParseSystemTimeSpan</c>, … throw "Failed to convert configuration value 'V' at 'K' to type 'T'.").
/// </summary>
internal static class ConvertibleBinding
{
    private const string ConversionFailure = "Failed to convert configuration value ";
    private const string TypeMarker = "' to type '";

    /// <summary>
    /// A new <typeparamref name="T"/> from <paramref name="create"/>, bound from <paramref name="section"/> with the values
    /// the binder cannot convert left out; each of those adds one line to <paramref name="problems"/>
    /// (<c>Agent:Interval: "soon" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)</c>), in the
    /// section's key order. Never throws for such a value.
    /// </summary>
    /// <param name="section">The section, with its full path (<c>Agent</c>, <c>Agent:Snmp</c>).</param>
    /// <param name="create">Makes a fresh options object with its defaults (called once per value, and once more).</param>
    /// <param name="bind">Binds a configuration to an options object: <c>(c, o) =&gt; c.Bind(o)</c>, typed, so that the
    /// source generator intercepts it.</param>
    /// <param name="problems">Receives one line per value left out.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static T Bind<T>(IConfigurationSection section, Func<T> create, Action<IConfiguration, T> bind, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(problems);
        var convertible = new List<KeyValuePair<string, string?>>();
        foreach (var entry in section.AsEnumerable().Where(e => e.Value is not null).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (DurationSetting.IsBareNumber(entry.Value) && IsDuration(section, entry.Key, create, bind))
            {
                // Agent:Interval=30, which the binder would read as 30 days.
                problems.Add(DurationSetting.BareNumberProblem(entry.Key, entry.Value!));
                continue;
            }

            try
            {
                bind(Configuration([entry]).GetSection(section.Path), create());
                convertible.Add(entry);
            }
            catch (InvalidOperationException e)
            {
                problems.Add(Describe(entry.Key, entry.Value!, e.Message));
            }
        }

        var options = create();
        bind(Configuration(convertible).GetSection(section.Path), options);
        return options;
    }

    /// <summary>
    /// Whether the property at <paramref name="key"/> is a <see cref="TimeSpan"/>: binding a value no type but a string
    /// takes fails there with the binder's message naming the type, which is read as <see cref="Describe"/> reads it.
    /// </summary>
    private static bool IsDuration<T>(IConfigurationSection section, string key, Func<T> create, Action<IConfiguration, T> bind)
    {
        try
        {
            bind(Configuration([new(key, "?")]).GetSection(section.Path), create());
            return false;
        }
        catch (InvalidOperationException e)
        {
            return TypeIn(e.Message) == "System.TimeSpan";
        }
    }

    private static IConfigurationRoot Configuration(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>
    /// One line naming <paramref name="key"/> and <paramref name="value"/> and what the value should be, from the type the
    /// binder's <paramref name="message"/> names; the binder's message itself when it is not a conversion failure.
    /// </summary>
    internal static string Describe(string key, string value, string message)
    {
        var type = TypeIn(message);
        var expected = type switch
        {
            null => null,
            "System.TimeSpan" => "is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)",
            "System.Boolean" => "is neither true nor false",
            "System.Double" => "is not a number (a dot for decimals: 0.5)",
            "System.Int32" => WholeNumber(value, int.MinValue, int.MaxValue),
            "System.Int64" => WholeNumber(value, long.MinValue, long.MaxValue),
            _ when type == typeof(AgentBufferKind).FullName => $"is not one of {string.Join(", ", Enum.GetNames<AgentBufferKind>())}",
            _ => $"cannot be read as {type}",
        };
        return expected is null ? message : $"{key}: \"{value}\" {expected}";
    }

    /// <summary>The type a conversion failure of the binder names (<c>System.TimeSpan</c>), or null for another message.</summary>
    private static string? TypeIn(string message) =>
        message.StartsWith(ConversionFailure, StringComparison.Ordinal) && message.LastIndexOf(TypeMarker, StringComparison.Ordinal) is var at and >= 0
            ? message[(at + TypeMarker.Length)..].TrimEnd('.').TrimEnd('\'')
            : null;

    /// <summary>A whole number the type cannot hold (99999999999 for an int) is out of range rather than not a number.</summary>
    private static string WholeNumber(string value, long min, long max) =>
        System.Numerics.BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"is not a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"
            : "is not a whole number";
}
