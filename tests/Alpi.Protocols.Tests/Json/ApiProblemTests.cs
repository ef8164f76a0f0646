using System.Text.Json;
using Alpi.Protocols.Json;

namespace Alpi.Protocols.Tests.Json;

[TestFixture]
public sealed class ApiProblemTests
{
    [Test]
    public void Readable_WritesQuotesApostrophesAndPlusAsThemselves_SoThatARawAnswerReads()
    {
        var problem = new ApiProblem(ApiProblem.BadRequestType, "Bad", 400,
            "endsAt \"2026-12-01T10:00\" is not a time with an offset (+01:00); curl -H 'Origin: x' <é>");

        var json = JsonSerializer.Serialize(problem, ApiProblemContext.Readable.ApiProblem);

        json.Should().Contain("""endsAt \"2026-12-01T10:00\" is not a time with an offset (+01:00); curl -H 'Origin: x' <é>""")
            .And.NotContain("\\u00");
        JsonDocument.Parse(json).RootElement.GetProperty("detail").GetString().Should().Be(problem.Detail);
    }

    [Test]
    public void Readable_LeavesNullMembersOut_AsTheDefaultContextDoes()
    {
        var problem = new ApiProblem(ApiProblem.NotFoundType, "Not Found", 404, "no such thing") { Instance = "/api/x" };

        JsonSerializer.Serialize(problem, ApiProblemContext.Readable.ApiProblem)
            .Should().Be(JsonSerializer.Serialize(problem, ApiProblemContext.Default.ApiProblem));
    }
}
