using System.Text.RegularExpressions;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;
using Alpi.Protocols.Json;

namespace Alpi.Collector.Alerting.Maintenance;

/// <summary>
/// Which alerts a maintenance window or a silence covers: every matcher must accept. Keys: <c>tenant</c>,
/// <c>host</c>, <c>rule</c>, <c>severity</c>, or any label name (<c>group</c> is the alert's <c>group</c> label,
/// set by the rule's <c>labels:</c>). Values as in rule files: <c>value</c>, <c>"!value"</c>, <c>"~regex"</c>, and
/// <c>*</c> as a wildcard in a plain value (<c>borne-*</c>).
/// </summary>
public sealed class AlertMatcher
{
    private readonly IReadOnlyList<TagMatcher> _matchers;

    private AlertMatcher(IReadOnlyList<TagMatcher> matchers, IReadOnlyDictionary<string, string> source)
    {
        _matchers = matchers;
        Source = source;
    }

    /// <summary>The matchers as written (key → value).</summary>
    public IReadOnlyDictionary<string, string> Source { get; }

    /// <summary>Builds a matcher; null with the reason when a value is not a valid pattern or nothing is matched on.</summary>
    public static AlertMatcher? Create(IReadOnlyDictionary<string, string> matchers, out string? error)
    {
        var matcher = Read(matchers, out var refusal);
        error = refusal?.Sentence;
        return matcher;
    }

    /// <summary>
    /// Builds a matcher as <see cref="Create"/> does; the reason, when null, as a refusal with its code and values:
    /// <see cref="RefusalCodes.MatcherRequired"/>, or <see cref="RefusalCodes.MatcherPattern"/> (<c>key</c>,
    /// <c>pattern</c>, and <c>reason</c>, .NET's English words on the regular expression).
    /// </summary>
    public static AlertMatcher? Read(IReadOnlyDictionary<string, string> matchers, out Refusal? error)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        error = null;
        if (matchers.Count == 0)
        {
            error = Refusal.Of(RefusalCodes.MatcherRequired, "at least one matcher is required (tenant, host, rule, severity or a label)");
            return null;
        }

        var list = new List<TagMatcher>();
        foreach (var (key, value) in matchers)
        {
            try
            {
                list.Add(value switch
                {
                    ['~', .. var regex] => new TagMatcher(key, TagMatchKind.Regex, regex),
                    ['!', .. var other] => new TagMatcher(key, TagMatchKind.NotEqual, other),
                    _ when value.Contains('*', StringComparison.Ordinal) => new TagMatcher(key, TagMatchKind.Regex, string.Join(".*", value.Split('*').Select(Regex.Escape))),
                    _ => new TagMatcher(key, TagMatchKind.Equal, value),
                });
            }
            catch (ArgumentException e)
            {
                error = Refusal.Of(RefusalCodes.MatcherPattern, $"{key}: \"{value}\" is not a valid pattern: {e.Message}", ("key", key), ("pattern", value), ("reason", e.Message));
                return null;
            }
        }

        return new AlertMatcher(list, new Dictionary<string, string>(matchers, StringComparer.Ordinal));
    }

    /// <summary>True when every matcher accepts the alert.</summary>
    public bool Matches(AlertSnapshot alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var matcher in _matchers)
        {
            var value = matcher.Key switch
            {
                "tenant" => alert.Tenant,
                "host" => alert.Host,
                "rule" => alert.Rule,
                "severity" => History.AlertStore.Name(alert.Severity),
                _ => alert.Labels.GetValueOrDefault(matcher.Key),
            };
            if (!matcher.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
