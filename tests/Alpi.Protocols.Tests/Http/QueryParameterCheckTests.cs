using Alpi.Protocols.Http;
using Alpi.Protocols.Json;

namespace Alpi.Protocols.Tests.Http;

[TestFixture]
public sealed class QueryParameterCheckTests
{
    // Each: the request's parameter names, the accepted ones, and the first unknown (null: all accepted).
    [TestCase(new[] { "state", "severity" }, new[] { "state", "severity", "host" }, null)]
    [TestCase(new[] { "state", "severty" }, new[] { "state", "severity" }, "severty")] // a typo
    [TestCase(new[] { "Host" }, new[] { "host" }, "Host")]                               // names are case-sensitive
    [TestCase(new[] { "tag.cpu" }, new[] { "tag." }, null)]                              // a prefix admits its keys
    [TestCase(new[] { "tag." }, new[] { "tag." }, "tag.")]                               // but not the bare prefix
    [TestCase(new[] { "tags" }, new[] { "tag." }, "tags")]
    [TestCase(new[] { "a", "b" }, new string[0], "a")]                                   // an endpoint without parameters
    public void FirstUnknown_NamesTheFirstParameterNotAccepted(string[] names, string[] accepted, string? unknown) =>
        QueryParameterCheck.FirstUnknown(names, accepted).Should().Be(unknown);

    [Test]
    public void Problem_Is400_NamingTheParameterAndTheAcceptedOnes()
    {
        var problem = QueryParameterCheck.Problem(["measurement", "agregate"], ["measurement", "agg", "tag."]);

        problem.Should().NotBeNull();
        problem!.Status.Should().Be(400);
        problem.Type.Should().Be(ApiProblem.BadRequestType);
        problem.Parameter.Should().Be("agregate");
        problem.Detail.Should().Be("unknown query parameter \"agregate\"; this endpoint takes measurement, agg, tag.<key>");
    }

    [Test]
    public void Problem_ForAnEndpointWithoutParameters_SaysItTakesNone()
    {
        QueryParameterCheck.Problem(["login"], []).Should().NotBeNull().And.Subject.As<ApiProblem>().Detail
            .Should().Be("unknown query parameter \"login\"; this endpoint takes none");
        QueryParameterCheck.Problem([], []).Should().BeNull();
    }

    [Test]
    public void Problem_ForAParameterGivenTwice_Is400_NamingItAndHowOften()
    {
        var problem = QueryParameterCheck.Problem([KeyValuePair.Create("tenant", 1), KeyValuePair.Create("host", 2)], ["host", "tenant"], []);

        problem.Should().NotBeNull();
        problem!.Status.Should().Be(400);
        problem.Type.Should().Be(ApiProblem.BadRequestType);
        problem.Title.Should().Be(QueryParameterCheck.RepeatedTitle);
        problem.Parameter.Should().Be("host");
        problem.Detail.Should().Be("query parameter \"host\" is given 2 times; it takes one value");
    }

    [Test]
    public void Problem_ForARepeatableParameterGivenTwice_IsNull()
    {
        QueryParameterCheck.Problem([KeyValuePair.Create("field", 2), KeyValuePair.Create("host", 1)], ["field", "host"], ["field"]).Should().BeNull();
    }

    [Test]
    public void Problem_ForAnUnknownAndARepeatedParameter_NamesTheUnknownOne()
    {
        QueryParameterCheck.Problem([KeyValuePair.Create("host", 3), KeyValuePair.Create("hots", 1)], ["host"], [])!.Parameter.Should().Be("hots");
    }
}
