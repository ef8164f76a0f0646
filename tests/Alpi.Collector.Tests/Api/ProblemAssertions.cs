using System.Net;
using System.Text.Json;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// Checks that an answer is the collector's RFC 9457 problem: <c>application/problem+json</c>, the expected status in
/// the header and in <c>status</c>, an RFC 9110 <c>type</c>, a <c>title</c>, <c>detail</c> naming what was wrong and
/// repeated in <c>error</c>, <c>instance</c> the request's path, and <c>parameter</c> as expected (absent when null).
/// </summary>
internal static class ProblemAssertions
{
    /// <summary>Asserts the problem shape and returns the parsed body.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="status">The expected status.</param>
    /// <param name="detail">A part of the expected <c>detail</c>.</param>
    /// <param name="parameter">The expected <c>parameter</c>, or null when it must be absent.</param>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string detail, string? parameter)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", text);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("type").GetString().Should().StartWith("https://tools.ietf.org/html/rfc9110#section-15.");
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().Should().Contain(detail);
        problem.GetProperty("error").GetString().Should().Be(problem.GetProperty("detail").GetString(), "the documented error member is kept");
        problem.GetProperty("instance").GetString().Should().Be(response.RequestMessage!.RequestUri!.AbsolutePath);
        if (parameter is null)
        {
            problem.TryGetProperty("parameter", out _).Should().BeFalse(text);
        }
        else
        {
            problem.GetProperty("parameter").GetString().Should().Be(parameter);
        }

        return problem;
    }

    /// <summary>
    /// Asserts the problem's <c>code</c> (one of <c>RefusalCodes</c>, for the dashboard's French and English wording)
    /// and that its <c>args</c> hold each of <paramref name="args"/> (name and value as text); other values may be there.
    /// </summary>
    /// <param name="problem">The parsed problem.</param>
    /// <param name="code">The expected code.</param>
    /// <param name="args">Values the <c>args</c> object must hold.</param>
    public static JsonElement ShouldHaveRefusal(this JsonElement problem, string code, params (string Name, string Value)[] args)
    {
        problem.TryGetProperty("code", out var actualCode).Should().BeTrue($"the problem should have a code: {problem}");
        actualCode.GetString().Should().Be(code, problem.ToString());
        var values = problem.GetProperty("args");
        values.ValueKind.Should().Be(JsonValueKind.Object, problem.ToString());
        foreach (var (name, value) in args)
        {
            values.TryGetProperty(name, out var actual).Should().BeTrue($"args should hold {name}: {problem}");
            actual.GetString().Should().Be(value, $"args.{name} of {problem}");
        }

        return problem;
    }
}
