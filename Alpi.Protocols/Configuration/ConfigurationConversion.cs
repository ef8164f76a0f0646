using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Protocols.Configuration;

/// <summary>
/// Binds an options section so that a value the configuration binder cannot convert to its property's type
/// (<c>Collector:Storage:DuckDb:Readers=abc</c> for an <see cref="int"/>) is reported like any other start-up problem:
/// one line naming the key and the value (<c>Collector:Storage:DuckDb:Readers: "abc" is not a whole number</c>), beside
/// every problem the validators find. The binder alone throws <see cref="InvalidOperationException"/> ("Failed to convert
/// configuration value") at the first such value, so the options are never built and the validators' findings (a port
/// out of range given at the same time) stay hidden. Here such a value is left out of the binding (its property keeps
/// its default) and reported by a validator of the options. A value is unconvertible when the binder's own conversion
/// of it (<see cref="ConfigurationBinder.GetValue(IConfiguration, Type, string)"/>) throws; its type is the property's
/// at its path (public properties, case-insensitive, through arrays, lists and dictionaries, as the binder walks them);
/// a key no property declares is left to the binder, which ignores it.
/// A bare whole number for a <see cref="TimeSpan"/> (<c>Collector:Alerting:EvaluationInterval=30</c>) is treated the same
/// way: the binder reads it as that many days (<see cref="TimeSpan.Parse(string)"/>), which no one typing 30 means, so it
/// is refused with the three readings spelt out (<see cref="DurationSetting"/>).
/// It walks the options' types by reflection: for the collector and the hotspot controller, not for a trimmed agent.
/// Source: Microsoft.Extensions.Configuration.Binder 10 (<c>ConfigurationBinder.TryConvertValue</c>).
/// </summary>
[RequiresUnreferencedCode("Walks the options' types by reflection; not for a trimmed or Native AOT application.")]
[RequiresDynamicCode("Walks the options' types by reflection; not for a trimmed or Native AOT application.")]
public static class ConfigurationConversion
{
    /// <summary>
    /// Binds <paramref name="section"/> to the options of <paramref name="builder"/> as <c>Bind</c> does (with its change
    /// token), values it cannot convert left out and reported by a validator, so that <c>ValidateOnStart</c> and
    /// <see cref="IOptions{TOptions}.Value"/> throw <see cref="OptionsValidationException"/> naming them with the other problems.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static OptionsBuilder<T> BindReportingUnconvertible<T>(this OptionsBuilder<T> builder, IConfigurationSection section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Configure(options => BindConvertible(section, options));
        builder.Services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(builder.Name, section));
        builder.Services.AddSingleton<IValidateOptions<T>>(new UnconvertibleValues<T>(builder.Name, () => Problems(section, typeof(T))));
        return builder;
    }

    /// <summary>
    /// Binds <paramref name="section"/> to <paramref name="options"/>, leaving out the values the binder cannot convert
    /// (each property at such a key keeps its value); never throws for such a value (<see cref="Problems"/> names them).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void BindConvertible(IConfigurationSection section, object options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        var unconvertible = Find(section, options.GetType()).Select(p => p.RelativeKey).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (unconvertible.Count == 0)
        {
            section.Bind(options);
            return;
        }

        new ConfigurationBuilder()
            .AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null && !unconvertible.Contains(kv.Key)))
            .Build()
            .Bind(options);
    }

    /// <summary>
    /// The values of <paramref name="section"/> the binder cannot convert to their property's type in
    /// <paramref name="optionsType"/>, one line each naming the full key, the value and what it should be; empty when none.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Problems(IConfigurationSection section, Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        return Find(section, optionsType).Select(p => p.Problem).ToList();
    }

    private static List<(string RelativeKey, string Problem)> Find(IConfigurationSection section, Type optionsType)
    {
        var found = new List<(string, string)>();
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || TypeAt(optionsType, key.Split(ConfigurationPath.KeyDelimiter)) is not { } type)
            {
                continue;
            }

            if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(TimeSpan) && DurationSetting.IsBareNumber(value))
            {
                found.Add((key, DurationSetting.BareNumberProblem(ConfigurationPath.Combine(section.Path, key), value)));
                continue;
            }

            try
            {
                _ = section.GetValue(type, key);
            }
            catch (InvalidOperationException)
            {
                found.Add((key, $"{ConfigurationPath.Combine(section.Path, key)}: \"{value}\" {Expected(value, type)}"));
            }
        }

        return found;
    }

    /// <summary>The type of the property at <paramref name="path"/> when the binder converts it from a string, else null.</summary>
    private static Type? TypeAt(Type root, string[] path)
    {
        var current = root;
        foreach (var segment in path)
        {
            current = Nullable.GetUnderlyingType(current) ?? current;
            if (current.IsArray)
            {
                current = current.GetElementType()!;
            }
            else if ((Generic(current, typeof(IDictionary<,>)) ?? Generic(current, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
            {
                current = dictionary.GetGenericArguments()[1];
            }
            else if (current != typeof(string) && Generic(current, typeof(IEnumerable<>)) is { } list)
            {
                current = list.GetGenericArguments()[0];
            }
            else if (current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            {
                current = property.PropertyType;
            }
            else
            {
                return null;
            }
        }

        var scalar = Nullable.GetUnderlyingType(current) ?? current;
        return scalar != typeof(string) && scalar != typeof(object) && TypeDescriptor.GetConverter(scalar).CanConvertFrom(typeof(string)) ? current : null;
    }

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    /// <summary>What a value of <paramref name="type"/> should be, in plain words.</summary>
    private static string Expected(string value, Type type)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (scalar.IsEnum)
        {
            return $"is not one of {string.Join(", ", Enum.GetNames(scalar))}";
        }

        if (scalar == typeof(int) || scalar == typeof(long) || scalar == typeof(short) || scalar == typeof(byte)
            || scalar == typeof(uint) || scalar == typeof(ulong) || scalar == typeof(ushort) || scalar == typeof(sbyte))
        {
            // A whole number the type cannot hold (99999999999 for an int) is out of range rather than not a number.
            return BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? $"is not a whole number from {scalar.GetField("MinValue")!.GetValue(null)} to {scalar.GetField("MaxValue")!.GetValue(null)}"
                : "is not a whole number";
        }

        return scalar == typeof(double) || scalar == typeof(float) || scalar == typeof(decimal) ? "is not a number (a dot for decimals: 0.5)"
            : scalar == typeof(bool) ? "is neither true nor false"
            : scalar == typeof(TimeSpan) ? "is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)"
            : $"cannot be read as {scalar.Name}";
    }

    /// <summary>Reports the unconvertible values of a section as failures of the options' validation.</summary>
    private sealed class UnconvertibleValues<T>(string? optionsName, Func<IReadOnlyList<string>> problemsOf) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            if (optionsName is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = problemsOf();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
