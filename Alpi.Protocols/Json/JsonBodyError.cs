using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Alpi.Protocols.Json;

/// <summary>
/// What is wrong with a JSON request body, in plain words for the person or script that sent it: the member at fault
/// by its JSON path, and what was expected there (a string, a whole number, true or false…), never the server's
/// internal type names. Built from the <see cref="JsonException"/> of System.Text.Json, whose
/// <see cref="JsonException.Path"/> names the member, and the request's <see cref="JsonTypeInfo"/>, which says what
/// that member should hold. Source: RFC 8259 (JSON), RFC 9535 §2.1 (normalized path syntax <c>$.a.b[0]</c>).
/// </summary>
/// <param name="Kind">Which kind of problem.</param>
/// <param name="JsonPath">The JSON path of the member at fault, <c>$</c> for the whole body (<c>$.matchers.host</c>, <c>$.list[1]</c>).</param>
/// <param name="Parameter">The same path without <c>$.</c> (<c>matchers.host</c>), or <c>body</c> for the whole body.</param>
/// <param name="Expected">What the member should hold, in plain words (<c>a whole number</c>), or null when not known.</param>
/// <param name="Detail">One sentence for people: <c>coaPort: expected a whole number</c>.</param>
public sealed record JsonBodyError(JsonBodyErrorKind Kind, string JsonPath, string Parameter, string? Expected, string Detail)
{
    /// <summary>
    /// Describes <paramref name="exception"/>, thrown while reading a body as <paramref name="root"/>.
    /// </summary>
    /// <param name="exception">The exception of the deserializer or of the reader.</param>
    /// <param name="root">The type the body was read as (its metadata says what each member holds), or null when read as any JSON.</param>
    /// <returns>The description; never throws.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static JsonBodyError Describe(JsonException exception, JsonTypeInfo? root)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var parameter = path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

        // The reader's own errors (System.Text.Json's internal JsonReaderException): the text is not JSON at all.
        if (exception.InnerException?.GetType().Name == "JsonReaderException" || root is null)
        {
            var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } column
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, octet {column + 1})")
                : "";
            var reason = exception.InnerException?.Message ?? exception.Message;
            var detail = reason.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ? "the body is empty: JSON is expected"
                : reason.Contains("maximum", StringComparison.Ordinal) && reason.Contains("depth", StringComparison.Ordinal)
                    ? $"the body's JSON is nested too deeply{where}"
                    : $"the body is not valid JSON{where}";
            return new(JsonBodyErrorKind.NotJson, path, parameter, "JSON", detail)
            {
                Line = where.Length > 0 ? exception.LineNumber + 1 : null,
                Octet = where.Length > 0 ? exception.BytePositionInLine + 1 : null,
            };
        }

        var (parent, member) = Walk(root, Segments(path));
        if (member is null)
        {
            // At the root: the body is not an object of the expected shape, or lacks a required member.
            var required = root.Properties.Where(p => p.IsRequired).Select(p => p.Name).ToList();
            return required.Count > 0 && exception.Message.Contains("missing required", StringComparison.Ordinal)
                ? new(JsonBodyErrorKind.MissingMember, path, required[0], ExpectedOf(root),
                    $"the body must be a JSON object with the member{(required.Count > 1 ? "s" : "")} {string.Join(", ", required)}") { Members = string.Join(", ", required) }
                : new(JsonBodyErrorKind.WrongType, path, parameter, ExpectedOf(root), $"the body must be {ExpectedOf(root)}");
        }

        if (member.Value.Info is null)
        {
            var names = parent is { Kind: JsonTypeInfoKind.Object } ? string.Join(", ", parent.Properties.Select(p => p.Name)) : "";
            return new(JsonBodyErrorKind.UnknownMember, path, parameter, null,
                $"{parameter}: unknown member" + (names.Length > 0 ? $"; the members here are {names}" : "")) { Members = names };
        }

        var expected = ExpectedOf(member.Value.Info);
        return new(JsonBodyErrorKind.WrongType, path, parameter, expected, $"{parameter}: expected {expected}");
    }

    /// <summary>Plain words for what a value of <paramref name="info"/>'s type looks like in JSON.</summary>
    /// <param name="info">The type's metadata.</param>
    /// <returns>A phrase such as <c>a string</c>, <c>a whole number</c>, <c>an array of whole numbers</c>.</returns>
    public static string ExpectedOf(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time in ISO 8601, such as \"2026-11-30T09:00:00Z\"",
            _ when type == typeof(DateTimeOffset) => "a date and time in ISO 8601, such as \"2026-11-30T09:00:00+01:00\"",
            _ when type == typeof(TimeSpan) => "a duration such as \"01:30:00\"",
            _ when type == typeof(Guid) => "an identifier (GUID) as a string",
            _ when type == typeof(JsonElement) || type == typeof(object) => "a JSON value",
            _ => info.Kind switch
            {
                JsonTypeInfoKind.Enumerable => info.ElementType is { } element ? "an array of " + Plural(ExpectedOf(info.Options.GetTypeInfo(element))) : "an array",
                JsonTypeInfoKind.Dictionary => "an object of names and values",
                _ => "a JSON object",
            },
        };
    }

    private static string Plural(string phrase) => phrase switch
    {
        "a string" => "strings",
        "a whole number" => "whole numbers",
        "a number" => "numbers",
        "true or false" => "true or false values",
        "a JSON object" => "JSON objects",
        _ => "values: " + phrase,
    };

    /// <summary>Follows the path's segments through the metadata; the last member found, or a null info when its name is not a member.</summary>
    private static (JsonTypeInfo? Parent, (string Name, JsonTypeInfo? Info)? Member) Walk(JsonTypeInfo root, List<(string Name, bool Index)> segments)
    {
        JsonTypeInfo? parent = null;
        (string, JsonTypeInfo?)? member = null;
        var current = root;
        foreach (var (name, index) in segments)
        {
            parent = current;
            JsonTypeInfo? next = null;
            if (current is null)
            {
                return (parent, (name, null));
            }

            if (index || current.Kind == JsonTypeInfoKind.Dictionary)
            {
                next = current.ElementType is { } element ? current.Options.GetTypeInfo(element) : null;
            }
            else if (current.Kind == JsonTypeInfoKind.Object)
            {
                var comparison = current.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                var property = current.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison));
                next = property is null ? null : current.Options.GetTypeInfo(property.PropertyType);
            }

            member = (name, next);
            if (next is null)
            {
                return (parent, member);
            }

            current = next;
        }

        return (parent, member);
    }

    /// <summary>Splits <c>$.a['b c'][2]</c> into <c>a</c>, <c>b c</c>, <c>2</c> (index).</summary>
    private static List<(string Name, bool Index)> Segments(string path)
    {
        var segments = new List<(string, bool)>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], false));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 2)..end], false));
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], true));
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    /// <summary>For <see cref="JsonBodyErrorKind.NotJson"/>: the line of the error, from 1, when known; else null.</summary>
    public long? Line { get; init; }

    /// <summary>For <see cref="JsonBodyErrorKind.NotJson"/>: the octet of the error in its line, from 1, when known; else null.</summary>
    public long? Octet { get; init; }

    /// <summary>
    /// The members the sentence lists, comma-separated: the required ones (<see cref="JsonBodyErrorKind.MissingMember"/>)
    /// or the known ones beside an unknown member (<see cref="JsonBodyErrorKind.UnknownMember"/>; empty when not known);
    /// else null.
    /// </summary>
    public string? Members { get; init; }

    /// <summary>
    /// This error as a <see cref="Refusal"/> with its <see cref="Detail"/> as the sentence: <see cref="RefusalCodes.BodyEmpty"/>,
    /// <see cref="RefusalCodes.BodyDepth"/> or <see cref="RefusalCodes.BodySyntax"/> (values <c>line</c>, <c>octet</c>) for a
    /// body that is not JSON; <see cref="RefusalCodes.BodyRequired"/> (<c>members</c>), <see cref="RefusalCodes.BodyShape"/>
    /// (<c>expected</c>) at the root; <see cref="RefusalCodes.BodyUnknownMember"/> (<c>member</c>, <c>members</c>) and
    /// <see cref="RefusalCodes.BodyType"/> (<c>member</c>, <c>expected</c>) for a member.
    /// </summary>
    public Refusal ToRefusal() => Kind switch
    {
        JsonBodyErrorKind.NotJson when Detail.StartsWith("the body is empty", StringComparison.Ordinal) => Refusal.Of(RefusalCodes.BodyEmpty, Detail),
        JsonBodyErrorKind.NotJson => Refusal.Of(Detail.Contains("nested too deeply", StringComparison.Ordinal) ? RefusalCodes.BodyDepth : RefusalCodes.BodySyntax,
            Detail, ("line", Line), ("octet", Octet)),
        JsonBodyErrorKind.MissingMember => Refusal.Of(RefusalCodes.BodyRequired, Detail, ("members", Members ?? Parameter)),
        JsonBodyErrorKind.UnknownMember => Refusal.Of(RefusalCodes.BodyUnknownMember, Detail, ("member", Parameter), ("members", Members)),
        _ when Parameter == "body" => Refusal.Of(RefusalCodes.BodyShape, Detail, ("expected", Expected)),
        _ => Refusal.Of(RefusalCodes.BodyType, Detail, ("member", Parameter), ("expected", Expected)),
    };

    /// <summary>The RFC 9457 problem for this error (status 400), with <c>parameter</c>, <c>path</c> and <c>expected</c>.</summary>
    public ApiProblem ToProblem() => new(ApiProblem.BadRequestType, "The request body is not what this endpoint accepts", 400, Detail)
    {
        Parameter = Parameter,
        Path = JsonPath,
        Expected = Expected,
    };

    /// <summary>Formats as the detail sentence.</summary>
    public override string ToString() => Detail;
}

/// <summary>The kinds of <see cref="JsonBodyError"/>.</summary>
public enum JsonBodyErrorKind
{
    /// <summary>The body is not JSON (a syntax error at the line and octet given).</summary>
    NotJson,

    /// <summary>A member holds the wrong kind of value (a number where a string is expected), or the body is not an object.</summary>
    WrongType,

    /// <summary>A member the endpoint does not know (a typo such as <c>severty</c>).</summary>
    UnknownMember,

    /// <summary>A required member is missing.</summary>
    MissingMember,
}
