namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// MQTT topic filter arithmetic for access control: a topic against a filter, and a filter against a filter. Levels are
/// separated by <c>/</c>; <c>+</c> matches one level, <c>#</c> (last level only) the parent level and any number of levels
/// below it; filters starting with a wildcard do not match topics starting with <c>$</c> (MQTT 5 §4.7, §4.7.2).
/// </summary>
public static class TopicFilters
{
    /// <summary>
    /// True when <paramref name="filter"/> is a valid MQTT topic filter: not empty, <c>+</c> and <c>#</c> alone in their
    /// level, <c>#</c> last, no NUL (MQTT 5 §4.7.1, §4.7.3; Mosquitto's <c>mosquitto_sub_topic_check</c>).
    /// </summary>
    public static bool IsValidFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter) || filter.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if ((level.Contains('+', StringComparison.Ordinal) && level != "+")
                || (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="topic"/> (no wildcards) matches <paramref name="filter"/> (MQTT 5 §4.7).</summary>
    public static bool Matches(string filter, string topic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(topic);
        var f = filter.Split('/');
        var t = topic.Split('/');
        if (topic.StartsWith('$') && f[0] is "+" or "#")
        {
            return false;
        }

        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    /// <summary>
    /// True when every topic that <paramref name="inner"/> matches is also matched by <paramref name="outer"/>:
    /// <c>alpi/#</c> covers <c>alpi/+/+/metrics</c>, <c>alpi/t/#</c> does not cover <c>alpi/+/h/metrics</c>.
    /// </summary>
    public static bool Covers(string outer, string inner)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(inner);
        var o = outer.Split('/');
        var n = inner.Split('/');
        if (n[0] is "+" or "#" && o[0] is not ("+" or "#"))
        {
            // inner reaches first levels that outer names literally (or $ topics it cannot match anyway).
            return false;
        }

        if (n[0].StartsWith('$') && o[0] is "+" or "#")
        {
            // A wildcard first level never matches a $ topic.
            return false;
        }

        for (var i = 0; i < n.Length; i++)
        {
            if (i < o.Length && o[i] == "#")
            {
                return true;
            }

            if (i >= o.Length || n[i] == "#" || (o[i] != "+" && (n[i] == "+" || o[i] != n[i])))
            {
                return false;
            }
        }

        // Same depth, or outer goes one level further with "#", which also matches its parent level.
        return o.Length == n.Length || (o.Length == n.Length + 1 && o[^1] == "#");
    }

    /// <summary>True when at least one topic is matched by both <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static bool Intersects(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var x = a.Split('/');
        var y = b.Split('/');
        if ((x[0].StartsWith('$') && y[0] is "+" or "#") || (y[0].StartsWith('$') && x[0] is "+" or "#"))
        {
            return false;
        }

        for (var i = 0; ; i++)
        {
            if ((i < x.Length && x[i] == "#") || (i < y.Length && y[i] == "#"))
            {
                return true;
            }

            if (i == x.Length || i == y.Length)
            {
                return x.Length == y.Length;
            }

            if (x[i] != "+" && y[i] != "+" && x[i] != y[i])
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The filter a subscription really uses: <c>$share/&lt;group&gt;/&lt;filter&gt;</c> (MQTT 5 §4.8.2) gives
    /// <c>&lt;filter&gt;</c>; any other filter is returned as it is.
    /// </summary>
    public static string WithoutSharePrefix(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            return filter;
        }

        var groupEnd = filter.IndexOf('/', "$share/".Length);
        return groupEnd < 0 ? filter : filter[(groupEnd + 1)..];
    }
}
