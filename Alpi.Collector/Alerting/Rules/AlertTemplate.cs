using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Alpi.Collector.Alerting.Rules;

/// <summary>
/// A label or annotation template: text with <c>{{ name }}</c> placeholders, checked when the rule file is loaded.
/// Placeholders: <c>host</c>, <c>tenant</c>, <c>rule</c>, <c>severity</c>, <c>value</c>, <c>threshold</c>
/// (numbers with at most 2 decimals, empty when not applicable), <c>instance</c> (series tags or trap instance) and
/// <c>tag.KEY</c> (a tag of the series).
/// </summary>
public sealed partial class AlertTemplate
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "host", "tenant", "rule", "severity", "value", "threshold", "instance" };
    private readonly (string Text, string? Name)[] _parts;

    private AlertTemplate(string source, (string, string?)[] parts)
    {
        Source = source;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Source { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="source">The text.</param>
    /// <param name="error">Why it is invalid (an unknown or unclosed placeholder), or null.</param>
    /// <returns>The template, or null when invalid.</returns>
    public static AlertTemplate? TryParse(string source, out string? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        error = null;
        var parts = new List<(string, string?)>();
        var position = 0;
        foreach (Match match in Placeholder().Matches(source))
        {
            var name = match.Groups[1].Value;
            if (!Names.Contains(name) && !(name.StartsWith("tag.", StringComparison.Ordinal) && name.Length > 4))
            {
                error = $"unknown placeholder {{{{ {name} }}}}; use host, tenant, rule, severity, value, threshold, instance or tag.KEY";
                return null;
            }

            parts.Add((source[position..match.Index], null));
            parts.Add(("", name));
            position = match.Index + match.Length;
        }

        var rest = source[position..];
        if (rest.Contains("{{", StringComparison.Ordinal))
        {
            error = "a \"{{\" is not closed by \"}}\" around a name";
            return null;
        }

        parts.Add((rest, null));
        return new AlertTemplate(source, parts.ToArray());
    }

    /// <summary>Renders the template for one alert.</summary>
    public string Render(AlertTemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sb = new StringBuilder();
        foreach (var (text, name) in _parts)
        {
            sb.Append(text);
            if (name is not null)
            {
                sb.Append(name switch
                {
                    "host" => context.Host,
                    "tenant" => context.Tenant,
                    "rule" => context.Rule,
                    "severity" => context.Severity.ToString().ToLowerInvariant(),
                    "value" => Format(context.Value),
                    "threshold" => Format(context.Threshold),
                    "instance" => context.Instance,
                    _ => context.Tags.TryGetValue(name[4..], out var tag) ? tag : "",
                });
            }
        }

        return sb.ToString();
    }

    /// <summary>A number as templates show it: invariant culture, at most 2 decimals; empty for null.</summary>
    public static string Format(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>What a template can show of one alert.</summary>
/// <param name="Rule">Rule name.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Host">Host (or trap device).</param>
/// <param name="Instance">Series tags other than tenant and host (<c>cpu=cpu-total</c>), or the trap instance.</param>
/// <param name="Severity">Current severity.</param>
/// <param name="Value">Observed value, or null.</param>
/// <param name="Threshold">Threshold compared with, or null.</param>
/// <param name="Tags">Series tags.</param>
public sealed record AlertTemplateContext(string Rule, string Tenant, string Host, string Instance, Severity Severity, double? Value, double? Threshold, IReadOnlyDictionary<string, string> Tags);
