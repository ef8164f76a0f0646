using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Protocols.Json;

namespace Alpi.Protocols.Tests.Json;

[TestFixture]
public sealed class JsonBodyErrorTests
{
    // Each case: a body, the member's JSON path and parameter, and the plain words of what was expected.
    [TestCase("""{"name":5}""", "$.name", "name", "a string")] // a number for a string
    [TestCase("""{"count":"three"}""", "$.count", "count", "a whole number")] // a string for an int?
    [TestCase("""{"ratio":true}""", "$.ratio", "ratio", "a number")]
    [TestCase("""{"enabled":"yes"}""", "$.enabled", "enabled", "true or false")]
    [TestCase("""{"at":"tomorrow"}""", "$.at", "at", "a date and time in ISO 8601, such as \"2026-11-30T09:00:00+01:00\"")]
    [TestCase("""{"inner":{"port":"x"}}""", "$.inner.port", "inner.port", "a whole number")] // nested
    [TestCase("""{"ports":[1,"a"]}""", "$.ports[1]", "ports[1]", "a whole number")] // an array element
    [TestCase("""{"ports":5}""", "$.ports", "ports", "an array of whole numbers")]
    [TestCase("""{"labels":{"a":1}}""", "$.labels.a", "labels.a", "a string")] // a dictionary value
    [TestCase("""{"inner":"x"}""", "$.inner", "inner", "a JSON object")]
    public void Describe_WrongType_NamesThePathAndWhatIsExpected(string body, string path, string parameter, string expected)
    {
        var error = Describe(body);

        error.Kind.Should().Be(JsonBodyErrorKind.WrongType);
        error.JsonPath.Should().Be(path);
        error.Parameter.Should().Be(parameter);
        error.Expected.Should().Be(expected);
        error.Detail.Should().Be($"{parameter}: expected {expected}");
    }

    [TestCase("""{"severty":"critical"}""", "severty")] // a typo of a top-level member
    [TestCase("""{"inner":{"prot":1}}""", "inner.prot")] // a typo inside a nested object
    public void Describe_UnknownMember_NamesItAndTheKnownOnes(string body, string parameter)
    {
        var error = Describe(body);

        error.Kind.Should().Be(JsonBodyErrorKind.UnknownMember);
        error.Parameter.Should().Be(parameter);
        error.Detail.Should().StartWith($"{parameter}: unknown member; the members here are ");
        error.Detail.Should().NotContain("Sample").And.NotContain("Inner,");
    }

    [TestCase("{\"name\": oops}")]
    [TestCase("{\"name\":\"a\"")]
    [TestCase("not json")]
    public void Describe_NotJson_SaysWhere(string body)
    {
        var error = Describe(body);

        error.Kind.Should().Be(JsonBodyErrorKind.NotJson);
        error.Detail.Should().MatchRegex(@"^the body is not valid JSON \(line 1, octet \d+\)$");
    }

    [TestCase("")]
    [TestCase("   \n ")]
    public void Describe_EmptyBody_SaysItIsEmpty(string body)
    {
        var error = Describe(body);

        error.Kind.Should().Be(JsonBodyErrorKind.NotJson);
        error.Detail.Should().Be("the body is empty: JSON is expected");
    }

    [Test]
    public void Describe_NestedTooDeeply_SaysSo()
    {
        // Read as any JSON (a body without a contract): the reader stops at its depth limit (64).
        var body = "{\"name\":" + new string('[', 100) + new string(']', 100) + "}";
        JsonBodyError? error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            error = JsonBodyError.Describe(e, null);
        }

        error.Should().NotBeNull("the reader refuses 100 levels");

        error!.Kind.Should().Be(JsonBodyErrorKind.NotJson);
        error.Detail.Should().MatchRegex(@"^the body's JSON is nested too deeply \(line 1, octet \d+\)$");
    }

    [Test]
    public void Describe_AnArrayForTheBody_SaysAnObjectIsExpected()
    {
        var error = Describe("[1]");

        error.Parameter.Should().Be("body");
        error.Detail.Should().Be("the body must be a JSON object");
    }

    [Test]
    public void Describe_MissingRequiredMember_NamesIt()
    {
        var error = Describe("{}", SampleJson.Default.Required);

        error.Kind.Should().Be(JsonBodyErrorKind.MissingMember);
        error.Parameter.Should().Be("must");
        error.Detail.Should().Be("the body must be a JSON object with the member must");
    }

    [Test]
    public void ToProblem_IsAnRfc9457Problem_OfStatus400()
    {
        var problem = Describe("""{"name":5}""").ToProblem();

        var json = JsonSerializer.Serialize(problem, ApiProblemContext.Default.ApiProblem);

        json.Should().Be("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request body is not what this endpoint accepts","status":400,"detail":"name: expected a string","parameter":"name","path":"$.name","expected":"a string"}""");
    }

    private static JsonBodyError Describe(string body) => Describe(body, SampleJson.Default.Sample);

    private static JsonBodyError Describe<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            return JsonBodyError.Describe(e, type);
        }

        throw new AssertionException("the body was read without error: " + body);
    }
}

/// <summary>A request contract of every kind of member.</summary>
public sealed record Sample(string? Name, int? Count, double? Ratio, bool? Enabled, DateTimeOffset? At, SampleInner? Inner, List<int>? Ports, Dictionary<string, string>? Labels);

/// <summary>A nested object.</summary>
public sealed record SampleInner(int Port);

/// <summary>A contract with a required member.</summary>
public sealed record Required([property: JsonRequired] string Must);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Sample))]
[JsonSerializable(typeof(Required))]
internal sealed partial class SampleJson : JsonSerializerContext;
