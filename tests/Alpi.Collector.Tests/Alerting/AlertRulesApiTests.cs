using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Alerting.Api;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// <c>GET /api/alerts/rules</c> and <c>POST /api/alerts/rules/validate</c> on a running collector with a rule file: the
/// rules in force with their condition, file and line; a text checked by the engine's parser, errors with their line,
/// nothing saved. Access by role is in <c>Security/RoleAccessTests</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class AlertRulesApiTests
{
    private const string Rules = """
        rules:
          - name: disk-full
            kind: threshold
            measurement: disk
            field: used_percent
            function: last
            window: 5m
            above: { warning: 85, critical: 95 }
            recover: 80
            for: 5m
            policy: astreinte
            labels:
              team: "infra-{{ tenant }}"
            annotations:
              summary: "{{ tag.path }} {{ value }} % full on {{ host }}"

          - name: agent-down
            kind: presence
            silentAfter: 2m
            severity: critical
        dependencies:
          - parent: routeur
            children: ["srv-*"]
        """;

    private readonly TempDirectory _folder = new("alpi-rules-api");
    private CollectorHarness _collector = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public async Task StartCollector()
    {
        _path = Path.Combine(_folder.Path, "alert-rules.yaml");
        await File.WriteAllTextAsync(_path, Rules);
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = _path,
            ["Collector:Alerting:EvaluationInterval"] = "00:00:01",
        });
    }

    [OneTimeTearDown]
    public async Task StopCollector()
    {
        await _collector.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Rules_ListsTheRulesInForce_WithConditionFileAndLine()
    {
        var answer = await LoadedRulesAsync();

        answer.GetProperty("file").GetString().Should().Be(_path);
        answer.GetProperty("fileExists").GetBoolean().Should().BeTrue();
        answer.GetProperty("errors").GetArrayLength().Should().Be(0);
        var rules = answer.GetProperty("rules").EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("name").GetString()).Should().Equal("disk-full", "agent-down");
        var disk = rules[0];
        disk.GetProperty("kind").GetString().Should().Be("threshold");
        disk.GetProperty("condition").GetString().Should().Be("last(disk.used_percent) over 5m > 95 (critical), > 85 (warning); recovers at ≤ 80");
        disk.GetProperty("forSeconds").GetDouble().Should().Be(300);
        disk.GetProperty("severity").GetString().Should().Be("warning");
        disk.GetProperty("policy").GetString().Should().Be("astreinte");
        disk.GetProperty("line").GetInt32().Should().Be(2);
        disk.GetProperty("labels").GetProperty("team").GetString().Should().Be("infra-{{ tenant }}");
        disk.GetProperty("annotations").GetProperty("summary").GetString().Should().StartWith("{{ tag.path }}");
        rules[1].GetProperty("severity").GetString().Should().Be("critical");
        rules[1].GetProperty("policy").ValueKind.Should().Be(JsonValueKind.Null);
        answer.GetProperty("dependencies").EnumerateArray().Single().GetProperty("parent").GetString().Should().Be("routeur");
    }

    [Test]
    public async Task Validate_AGoodFile_IsValid_AndNothingChanges()
    {
        var (status, answer) = await ValidateAsync(JsonSerializer.Serialize(new { text = "rules:\n  - name: only-one\n    kind: presence\n" }));

        status.Should().Be(HttpStatusCode.OK);
        answer.GetProperty("valid").GetBoolean().Should().BeTrue();
        answer.GetProperty("rules").GetInt32().Should().Be(1);
        answer.GetProperty("errors").GetArrayLength().Should().Be(0);
        (await LoadedRulesAsync()).GetProperty("rules").GetArrayLength().Should().Be(2, "validating saves nothing");
        (await File.ReadAllTextAsync(_path)).Should().Be(Rules);
    }

    [Test]
    public async Task Validate_ABadFile_ListsEveryErrorWithItsLineAndKey()
    {
        const string text = "rules:\n  - name: cpu\n    kind: threshold\n    measurement: cpu\n    field: usage_idle\n    window: five minutes\n    above: 90\n  - name: x\n    kind: nonsense\n";

        var (status, answer) = await ValidateAsync(JsonSerializer.Serialize(new { text }));

        status.Should().Be(HttpStatusCode.OK);
        answer.GetProperty("valid").GetBoolean().Should().BeFalse();
        answer.GetProperty("rules").GetInt32().Should().Be(0);
        var errors = answer.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().Contain(e => e.GetProperty("line").GetInt32() == 6 && e.GetProperty("key").GetString() == "rules[0].window");
        errors.Should().Contain(e => e.GetProperty("line").GetInt32() == 9 && e.GetProperty("key").GetString() == "rules[1].kind"
            && e.GetProperty("message").GetString()!.Contains("nonsense", StringComparison.Ordinal));
    }

    [Test]
    public async Task Validate_NotYaml_SaysWhereTheSyntaxBreaks()
    {
        var (_, answer) = await ValidateAsync(JsonSerializer.Serialize(new { text = "rules:\n  - name: a\n    kind: [unclosed\n" }));

        answer.GetProperty("valid").GetBoolean().Should().BeFalse();
        var error = answer.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("line").GetInt32().Should().BeGreaterThanOrEqualTo(3);
        error.GetProperty("message").GetString().Should().StartWith("not valid YAML");
    }

    [TestCase("""{}""", HttpStatusCode.BadRequest, "text", TestName = "Validate_WithoutText_Answers400NamingText")]
    [TestCase("""{"yaml":"rules: []"}""", HttpStatusCode.BadRequest, "yaml", TestName = "Validate_UnknownMember_Answers400NamingIt")]
    [TestCase("""{"text":42}""", HttpStatusCode.BadRequest, "text", TestName = "Validate_TextNotAString_Answers400NamingText")]
    [TestCase("""rules: []""", HttpStatusCode.BadRequest, "body", TestName = "Validate_BodyNotJson_Answers400NamingBody")]
    public async Task Validate_BadBody_IsRefusedNamingIt(string body, HttpStatusCode expected, string parameter)
    {
        var (status, answer) = await ValidateAsync(body);

        status.Should().Be(expected);
        answer.GetProperty("parameter").GetString().Should().Be(parameter);
    }

    [Test]
    public async Task Validate_TextOfTheWrongType_Answers400Problem_WithTheJsonPathAndWhatIsExpected_NoTypeNames()
    {
        using var content = new StringContent("""{"text":42}""", Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri("/api/alerts/rules/validate", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("path").GetString().Should().Be("$.text");
        problem.GetProperty("parameter").GetString().Should().Be("text");
        problem.GetProperty("expected").GetString().Should().Be("a string");
        problem.GetProperty("detail").GetString().Should().Be("text: expected a string");
        problem.GetProperty("error").GetString().Should().Be("text: expected a string", "the collector's {error, parameter} shape is kept");
        text.Should().NotContain("System.").And.NotContain("RuleValidationRequest").And.NotContain("LineNumber");
    }

    [Test]
    public async Task Validate_AFileOfTensOfKilobytes_IsValidatedNotRefused()
    {
        // Past the 16 KiB limit of the small forms (acknowledgement, silence): a rule file is no small form.
        var text = Rules + "\n" + string.Concat(Enumerable.Repeat("# a comment line of a large agency's rule file, kept as documentation\n", 600));

        var (status, answer) = await ValidateAsync(JsonSerializer.Serialize(new { text }));

        text.Length.Should().BeGreaterThan(40_000);
        status.Should().Be(HttpStatusCode.OK);
        answer.GetProperty("valid").GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task Validate_TooLong_Answers413()
    {
        var (status, answer) = await ValidateAsync(JsonSerializer.Serialize(new { text = "# " + new string('x', AlertRulesApi.MaxTextLength) }));

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        answer.GetProperty("parameter").GetString().Should().Be("text");
    }

    private async Task<JsonElement> LoadedRulesAsync()
    {
        var loaded = await Eventually.WaitAsync(async () =>
        {
            var text = await _collector.Http.GetStringAsync(new Uri("/api/alerts/rules", UriKind.Relative));
            return text.Contains("\"name\":\"disk-full\"", StringComparison.Ordinal) ? text : null;
        }, TimeSpan.FromSeconds(20));
        loaded.Should().NotBeNull("the engine loads its rule file at start");
        return JsonDocument.Parse(loaded!).RootElement.Clone();
    }

    private async Task<(HttpStatusCode Status, JsonElement Answer)> ValidateAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri("/api/alerts/rules/validate", UriKind.Relative), content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
