using Alpi.Protocols.Json;

namespace Alpi.Protocols.Http;

/// <summary>
/// The check that an HTTP API endpoint whose query parameters are a fixed set refuses the others, shared by the
/// collector's and the hotspot controller's APIs: a typo (<c>?severty=critical</c>, <c>?usr=alice</c>) must be answered
/// 400 naming it and the accepted names, never silently ignored (the answer would be unfiltered: every alert, every
/// session of the connection log). Names are case-sensitive, as the endpoints read them; an accepted name ending with a
/// dot (<c>tag.</c>) admits every parameter with that prefix and something after it (<c>tag.cpu</c>). Source: RFC 3986
/// §3.4 (query), RFC 9457 (the problem answered).
/// </summary>
public static class QueryParameterCheck
{
    /// <summary>The title of the problem: the same for every occurrence (RFC 9457 §3.1.3).</summary>
    public const string Title = "The request has a query parameter this endpoint does not take";

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
}
