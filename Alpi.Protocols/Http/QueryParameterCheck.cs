using Alpi.Protocols.Json;

namespace Alpi.Protocols.Http;

/// <summary>
/// The check that an HTTP API endpoint whose query parameters are a fixed set refuses the others, shared by the
/// collector's and the hotspot controller's APIs: a typo (<c>?severty=critical</c>, <c>?usr=alice</c>) must be answered
/// 400 naming it and the accepted names, never silently ignored (the answer would be unfiltered: every alert, every
/// session of the connection log). Names are case-sensitive, as the endpoints read them; an accepted name ending with a
/// dot (<c>tag.</c>) admits every parameter with that prefix and something after it (<c>tag.cpu</c>). A parameter that
/// takes one value and is given several times (<c>?host=a&amp;host=b</c>, which ASP.NET Core reads joined as <c>a,b</c>,
/// matching nothing) is refused too, naming it. Source: RFC 3986 §3.4 (query), RFC 9457 (the problem answered).
/// </summary>
public static class QueryParameterCheck
{
    /// <summary>The title of the problem: the same for every occurrence (RFC 9457 §3.1.3).</summary>
    public const string Title = "The request has a query parameter this endpoint does not take";

    /// <summary>The title of the problem for a parameter given several times: the same for every occurrence (RFC 9457 §3.1.3).</summary>
    public const string RepeatedTitle = "The request repeats a query parameter that takes one value";

    /// <summary>The first of <paramref name="names"/> that is not accepted, or null when all are.</summary>
    /// <param name="names">The request's parameter names, in their order.</param>
    /// <param name="accepted">The accepted names, or prefixes ending with a dot.</param>
    /// <returns>The unknown name, or null.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string? FirstUnknown(IEnumerable<string> names, IReadOnlyCollection<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(accepted);
        foreach (var name in names)
        {
            if (!accepted.Any(a => a.EndsWith('.') ? name.StartsWith(a, StringComparison.Ordinal) && name.Length > a.Length : a == name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// The 400 problem for the first unknown parameter of <paramref name="names"/>: <c>detail</c>
    /// <c>unknown query parameter "severty"; this endpoint takes state, severity, …</c> (<c>takes none</c> for an
    /// endpoint without parameters; a prefix shown as <c>tag.&lt;key&gt;</c>) and <c>parameter</c> the unknown name.
    /// </summary>
    /// <param name="names">The request's parameter names.</param>
    /// <param name="accepted">The accepted names, or prefixes ending with a dot.</param>
    /// <returns>The problem, or null when every name is accepted.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ApiProblem? Problem(IEnumerable<string> names, IReadOnlyCollection<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (FirstUnknown(names, accepted) is not { } unknown)
        {
            return null;
        }

        var takes = accepted.Count == 0 ? "none" : string.Join(", ", accepted.Select(a => a.EndsWith('.') ? a + "<key>" : a));
        return new ApiProblem(ApiProblem.BadRequestType, Title, 400, $"unknown query parameter \"{unknown}\"; this endpoint takes {takes}") { Parameter = unknown };
    }

    /// <summary>
    /// The 400 problem for the first parameter of <paramref name="parameters"/> that is not accepted (as
    /// <see cref="Problem(IEnumerable{string}, IReadOnlyCollection{string})"/>) or that is given more than once without
    /// being in <paramref name="repeatable"/>: <c>detail</c> <c>query parameter "host" is given 2 times; it takes one
    /// value</c> and <c>parameter</c> its name. Unknown names are reported first.
    /// </summary>
    /// <param name="parameters">The request's parameter names, in their order, each with how many values it was given
    /// (<c>?host=a&amp;host=b</c>: <c>host</c>, 2, as ASP.NET Core's query collection gives them).</param>
    /// <param name="accepted">The accepted names, or prefixes ending with a dot.</param>
    /// <param name="repeatable">The accepted names that may be given several times (none for most endpoints).</param>
    /// <returns>The problem, or null when every name is accepted and given as often as it may be.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ApiProblem? Problem(IReadOnlyCollection<KeyValuePair<string, int>> parameters, IReadOnlyCollection<string> accepted,
        IReadOnlyCollection<string> repeatable)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(repeatable);
        if (Problem(parameters.Select(p => p.Key), accepted) is { } unknown)
        {
            return unknown;
        }

        foreach (var (name, count) in parameters)
        {
            if (count > 1 && !repeatable.Contains(name, StringComparer.Ordinal))
            {
                return new ApiProblem(ApiProblem.BadRequestType, RepeatedTitle, 400,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"query parameter \"{name}\" is given {count} times; it takes one value")) { Parameter = name };
            }
        }

        return null;
    }
}
