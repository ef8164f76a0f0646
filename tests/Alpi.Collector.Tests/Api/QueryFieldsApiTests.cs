using System.Globalization;
using System.Net;
using System.Text.Json;
using Alpi.Collector.Api;
using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// <c>GET /api/query</c> with <c>field</c> repeated, in a real collector (embedded store): one answer per field in the
/// request's order, each what the one-field request answers; the one-field answer keeps its shape; a bad field in the
/// list, too many fields or another parameter given twice answer 400 naming it.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class QueryFieldsApiTests
{
    private const long S = 1_000_000_000L;

    // Ten minutes ago, on a 10 s step: recent enough to be among the raw points the retention keeps (a range older than
    // that is read from the 5-minute aggregates, empty until the rollup job has run).
    private static readonly long T0 = ((DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600) / 10 * 10) * S;
    private static readonly string Range = string.Create(CultureInfo.InvariantCulture,
        $"host=srv1&tenant=acme&from={At(T0)}&to={At(T0 + (30 * S))}&step=10s");

    private CollectorHarness _collector = null!;

    private static string At(long ns) => Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).ToString("O", CultureInfo.InvariantCulture));

    [OneTimeSetUp]
    public async Task Start()
    {
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        var store = _collector.Services.GetRequiredService<ITimeSeriesStore>();
        await store.WriteAsync([
            Of("cpu", "tenant=acme,host=srv1,cpu=cpu-total", T0 + S, ("usage_user", FieldValue.Float(10)), ("usage_system", FieldValue.Float(2)), ("usage_iowait", FieldValue.Float(1))),
            Of("cpu", "tenant=acme,host=srv1,cpu=cpu-total", T0 + (11 * S), ("usage_user", FieldValue.Float(20)), ("usage_system", FieldValue.Float(4))),
            Of("cpu", "tenant=acme,host=srv1,cpu=cpu0", T0 + (21 * S), ("usage_user", FieldValue.Float(30)), ("usage_system", FieldValue.Float(6))),
            Of("cpu", "tenant=acme,host=srv2,cpu=cpu-total", T0 + S, ("usage_user", FieldValue.Float(99))),
        ], CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Test]
    public async Task SeveralFields_OneAnswerPerFieldInOrder_EachAsTheOneFieldRequestAnswers()
    {
        var answer = await _collector.GetJsonAsync($"/api/query?measurement=cpu&field=usage_system&field=nope&field=usage_user&field=usage_iowait&{Range}");

        answer.TryGetProperty("series", out _).Should().BeFalse("a several-field answer has its series under fields");
        var fields = answer.GetProperty("fields").EnumerateArray().ToList();
        fields.Select(f => f.GetProperty("field").GetString()).Should().Equal("usage_system", "nope", "usage_user", "usage_iowait");
        foreach (var entry in fields)
        {
            var name = entry.GetProperty("field").GetString();
            var single = await _collector.GetJsonAsync($"/api/query?measurement=cpu&field={name}&{Range}");
            entry.GetProperty("series").GetRawText().Should().Be(single.GetProperty("series").GetRawText(), $"{name} as its own request answers");
        }

        fields[1].GetProperty("series").GetArrayLength().Should().Be(0, "no series has the field nope");
        var user = fields[2].GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("tags").GetProperty("cpu").GetString()!, s => s.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ToList());
        user.Should().BeEquivalentTo(new Dictionary<string, List<double>> { ["cpu-total"] = [10, 20], ["cpu0"] = [30] }, "srv1's two CPUs, not srv2's");
    }

    [Test]
    public async Task OneField_KeepsTheSeriesShape()
    {
        var answer = await _collector.GetJsonAsync($"/api/query?measurement=cpu&field=usage_user&tag.cpu=cpu-total&{Range}");

        answer.EnumerateObject().Select(p => p.Name).Should().Equal("series");
        answer.GetProperty("series").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).Should().Equal(10, 20);
    }

    // Each case: a request's field list (or another parameter) at fault, the parameter named, and the detail.
    [TestCase("field=usage_user&field=", "field", "field number 2 of 2 is empty")]
    [TestCase("field=usage_user&field=usage_system&field=usage_user", "field", "field \"usage_user\" is given twice")]
    [TestCase("field=usage_user&host=srv1&host=srv2", "host", "query parameter \"host\" is given 2 times; it takes one value")]
    [TestCase("field=usage_user&field=usage_system&tag.cpu=cpu0&tag.cpu=cpu1", "tag.cpu", "query parameter \"tag.cpu\" is given 2 times; it takes one value")]
    public async Task BadFieldList_Answers400_NamingWhatIsWrong(string parameters, string parameter, string detail)
    {
        await Expect400Async($"/api/query?measurement=cpu&{parameters}", parameter, detail);
    }

    [Test]
    public async Task MoreThanMaxFields_Answers400()
    {
        var fields = string.Join("&", Enumerable.Range(0, QueryRequest.MaxFields + 1).Select(i => $"field=f{i}"));

        await Expect400Async($"/api/query?measurement=cpu&{fields}", "field", $"field is given {QueryRequest.MaxFields + 1} times; at most {QueryRequest.MaxFields} fields in one query");
        using var most = await _collector.Http.GetAsync(new Uri($"/api/query?measurement=cpu&{string.Join("&", Enumerable.Range(0, QueryRequest.MaxFields).Select(i => $"field=f{i}"))}", UriKind.Relative));
        most.StatusCode.Should().Be(HttpStatusCode.OK, $"{QueryRequest.MaxFields} fields are allowed");
    }

    private async Task Expect400Async(string url, string parameter, string detail)
    {
        using var response = await _collector.Http.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be(parameter);
        problem.GetProperty("detail").GetString().Should().Be(detail);
    }
}
