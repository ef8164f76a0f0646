using System.Buffers;
using System.Globalization;

namespace Alpi.Protocols.Configuration;

/// <summary>
/// The one reading of a duration setting that .NET takes silently and no one means: a bare whole number. The configuration
/// binder converts a <see cref="TimeSpan"/> with <see cref="TimeSpan.Parse(string, IFormatProvider)"/>, which reads
/// <c>30</c> as 30 days (its <c>d</c> form), so <c>Collector:Alerting:EvaluationInterval=30</c> meant as seconds would
/// evaluate the rules once a month. Such a value is refused at start with the readings spelt out; every other form
/// (<c>00:00:30</c>, <c>1.00:00:00</c>) is left to the binder. Source: .NET <c>TimeSpan</c> standard format "c" and
/// <c>TimeSpan.Parse</c> (learn.microsoft.com, "TimeSpan.Parse Method", the <c>d</c> element).
/// </summary>
public static class DurationSetting
{
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    /// <summary>True when <paramref name="value"/> is a whole number other than zero alone (digits, an optional sign, spaces around).</summary>
    /// <param name="value">A configuration value as typed; null is not a bare number.</param>
    public static bool IsBareNumber(string? value)
    {
        var text = value.AsSpan().Trim();
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            text = text[1..];
        }

        // Zero is zero in every unit: "0" is not ambiguous.
        return text.Length > 0 && !text.ContainsAnyExcept(Digits) && text.ContainsAnyExcept('0');
    }

    /// <summary>
    /// One line naming the key and the value and the three things it may have meant, for instance
    /// <c>Collector:Alerting:EvaluationInterval: "30" is a bare number, which .NET reads as 30 days: write 00:00:30 for 30
    /// seconds, 00:30:00 for 30 minutes or 30.00:00:00 for 30 days</c>. A number too large for minutes or seconds is
    /// shown in days alone.
    /// </summary>
    /// <param name="key">The full configuration key (<c>Section:Sub:Name</c>).</param>
    /// <param name="value">The value as typed, a bare number (<see cref="IsBareNumber"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string BareNumberProblem(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        var head = $"{key}: \"{value}\" is a bare number, which .NET reads as {trimmed} days";
        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 59)
        {
            return $"{head}: write a duration as d.hh:mm:ss (00:00:30 for 30 seconds, 00:30:00 for 30 minutes, 1.00:00:00 for a day)";
        }

        return $"{head}: write 00:00:{n:00} for {n} seconds, 00:{n:00}:00 for {n} minutes or {n}.00:00:00 for {n} days";
    }
}
