using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Protocols.Json;

/// <summary>
/// An error answer of the HTTP APIs as an RFC 9457 problem (<c>application/problem+json</c>): the standard members
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and <c>instance</c>, and the extension members
/// <c>parameter</c> (the member or parameter at fault, <c>coaPort</c>, or <c>body</c>; the collector's dashboard marks
/// that form field), <c>path</c> (its JSON path, <c>$.coaPort</c>), <c>expected</c> (plain words, <c>a whole number</c>)
/// and <c>error</c>; for a refusal a client may word in its own language, <c>code</c> and <c>args</c> (<see cref="Refusal"/>).
/// Members left null are not written. Source: RFC 9457 §3 (extension members, §3.2).
/// </summary>
/// <param name="Type">A URI naming the problem type, such as <see cref="BadRequestType"/>.</param>
/// <param name="Title">A short summary, the same for every occurrence of the type.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What is wrong with this request, in plain words.</param>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail)
{
    /// <summary>The media type of the answer, RFC 9457 §3.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>The type of a 400: RFC 9110 §15.5.1, as ASP.NET Core's own problems name it.</summary>
    public const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";

    /// <summary>The type of a 404: RFC 9110 §15.5.5.</summary>
    public const string NotFoundType = "https://tools.ietf.org/html/rfc9110#section-15.5.5";

    /// <summary>
    /// The <c>type</c> of a problem of <paramref name="status"/>: its section of RFC 9110, e.g.
    /// <c>https://tools.ietf.org/html/rfc9110#section-15.5.1</c> for 400 (§15.5.1 to §15.5.19 for 400 to 418, §15.5.20
    /// and §15.5.21 for 421 and 422, §15.5.22 for 426, §15.6.1 to §15.6.6 for 500 to 505), <c>about:blank</c>
    /// (RFC 9457 §4.2.1) for any other code.
    /// </summary>
    public static string TypeFor(int status) => status switch
    {
        >= 400 and <= 418 => Section(5, status - 399),
        421 or 422 => Section(5, status - 401),
        426 => Section(5, 22),
        >= 500 and <= 505 => Section(6, status - 499),
        _ => "about:blank",
    };

    private static string Section(int group, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"https://tools.ietf.org/html/rfc9110#section-15.{group}.{number}");

    /// <summary>The request path this answer is about (RFC 9457 §3.1.5), or null.</summary>
    public string? Instance { get; init; }

    /// <summary>The member or parameter at fault, <c>body</c> for the whole body, or null.</summary>
    public string? Parameter { get; init; }

    /// <summary>The JSON path of the member at fault (<c>$</c> for the whole body), or null.</summary>
    public string? Path { get; init; }

    /// <summary>What the member should hold, in plain words, or null.</summary>
    public string? Expected { get; init; }

    /// <summary>
    /// The same sentence as <see cref="Detail"/>, for APIs whose documented error shape is <c>{"error","parameter"}</c>
    /// (the collector's); null (left out) otherwise.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>
    /// The refusal's stable code (<see cref="Refusal.Code"/>, one of <see cref="RefusalCodes"/>: <c>nas.address.octal</c>),
    /// for clients that word the refusal themselves (the dashboard, in French or English); null (left out) when the
    /// problem has none, the <see cref="Detail"/> sentence then being the only wording.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>
    /// The values <see cref="Detail"/> holds, by name, as text (<see cref="Refusal.Args"/>:
    /// <c>{"address":"010.0.0.1","part":"010","meant":"10.0.0.1"}</c>); null (left out) without a <see cref="Code"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Args { get; init; }

    /// <summary>
    /// When the request was refused for several reasons at once (two bad patterns of a maintenance window, a name too
    /// long and a window in the past), each one (RFC 9457 §3's "errors" extension, as its example of validation
    /// errors); <see cref="Detail"/> joins their sentences and <see cref="Code"/>/<see cref="Args"/> are the first one's.
    /// Null (left out) for a single reason.
    /// </summary>
    public IReadOnlyList<ApiProblemError>? Errors { get; init; }

    /// <summary>This problem with the code and values of <paramref name="refusal"/> (its sentence is the caller's <see cref="Detail"/>).</summary>
    /// <param name="refusal">The refusal, or null for none (the problem is returned as it is).</param>
    public ApiProblem With(Refusal? refusal) => refusal is null ? this : this with { Code = refusal.Code, Args = refusal.Args };

    /// <summary>
    /// The 404 answer for a request that matched no endpoint, when its path is under <c>/api/</c> (or is <c>/api</c>),
    /// case-insensitively; null for any other path (a page, an asset), which keeps the server's own 404.
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The request path, as received.</param>
    /// <returns>The problem naming the method and path, with the path as <see cref="Instance"/>; or null.</returns>
    public static ApiProblem? ForUnmatched(string method, string? path) =>
        path is not null && (path.Equals("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            ? new(NotFoundType, "Not Found", 404, $"no API endpoint {method} {path}: check the path against the API's documentation (README, HTTP API)") { Instance = path }
            : null;
}

/// <summary>One of several reasons of a refusal (<see cref="ApiProblem.Errors"/>).</summary>
/// <param name="Detail">Its English sentence, naming the member (<c>match: host: "~(" is not a valid regular expression: …</c>).</param>
/// <param name="Parameter">The member at fault (<c>match</c>, <c>name</c>), or null for the whole body.</param>
/// <param name="Code">Its code (<see cref="RefusalCodes"/>), or null when it has none (the sentence is then the only wording).</param>
/// <param name="Args">Its values by name (<see cref="Refusal.Args"/>), or null without a code.</param>
public sealed record ApiProblemError(string Detail, string? Parameter, string? Code, IReadOnlyDictionary<string, string>? Args);

/// <summary>Source-generated JSON for <see cref="ApiProblem"/> (camelCase, null members left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiProblem))]
public sealed partial class ApiProblemContext : JsonSerializerContext
{
    /// <summary>
    /// The context the APIs answer with: as <see cref="JsonSerializerContext"/>'s default, but quotes, apostrophes,
    /// <c>+</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and non-ASCII letters written as themselves rather than
    /// <c>\u0022</c>-style escapes, so that a problem read raw (curl) says <c>duration "2 hours" is not…</c>. Safe for
    /// <c>application/problem+json</c>, which is never rendered as HTML (and is served with <c>nosniff</c>); still valid
    /// JSON (RFC 8259 §7 requires only the quote, the backslash and control characters to be escaped).
    /// </summary>
    public static ApiProblemContext Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
