using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// What the collector's API answers to requests it does not understand, in a real collector: an unknown path under
/// <c>/api/</c>, an unknown query parameter, an unknown JSON member (a typo such as <c>severty</c> is refused with its
/// name, never silently ignored).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class ApiRequestCheckTests
{
    private readonly TempDirectory _folder = new("alpi-api-checks");
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "rules.yaml"), "rules: []\n");
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = Path.Combine(_folder.Path, "rules.yaml"),
            ["Agent:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _folder.Dispose();
    }

    [TestCase("GET", "/api/nonexistent")]
    [TestCase("GET", "/api/alerts/rules/nothing/here")]
    [TestCase("DELETE", "/api/typo")]
    public async Task UnknownApiPath_Answers404Problem_NamingThePath(string method, string path)
    {
        using var response = await _collector.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(404);
        problem.GetProperty("instance").GetString().Should().Be(path);
        problem.GetProperty("detail").GetString().Should().Contain($"{method} {path}");
    }

    [Test]
    public async Task KnownApiPath_WithAnotherMethod_Answers405Problem_NamingTheMethodsItTakes_AndTheDashboardIsServed()
    {
        // Routing's own 405 used to have an empty body.
        using var wrongMethod = await _collector.Http.DeleteAsync(new Uri("/api/hosts", UriKind.Relative));
        var problem = await wrongMethod.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method DELETE is not allowed on /api/hosts; it takes GET", null);
        problem.GetProperty("title").GetString().Should().Be("Method Not Allowed");
        wrongMethod.Content.Headers.Allow.Should().Contain("GET");

        using var post = await _collector.Http.PutAsync(new Uri("/api/silences", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        await post.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method PUT is not allowed on /api/silences; it takes ", null);

        using var page = await _collector.Http.GetAsync(new Uri("/", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task DashboardPath_WithAnotherMethod_Keeps405WithoutBody()
    {
        using var wrongMethod = await _collector.Http.DeleteAsync(new Uri("/", UriKind.Relative));

        wrongMethod.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await wrongMethod.Content.ReadAsByteArrayAsync()).Should().BeEmpty("pages keep the server's own answers");
    }

    [TestCase("/api/hosts")]
    [TestCase("/api/series?host=nobody")]
    [TestCase("/api/alerts/rules")]
    [TestCase("/healthz")]
    public async Task Head_OnAGetApiEndpoint_AnswersAsGet_WithoutBody(string url)
    {
        // Used to be 405: minimal APIs map GET only.
        using var get = await _collector.Http.GetAsync(new Uri(url, UriKind.Relative));
        using var head = await _collector.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, UriKind.Relative)));

        head.StatusCode.Should().Be(get.StatusCode);
        head.Content.Headers.ContentType!.MediaType.Should().Be(get.Content.Headers.ContentType!.MediaType);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task Head_OnTheLiveStream_Answers405AtOnce()
    {
        // As a GET, the stream never ends and its headers leave with its first flush, which a body-less HEAD never made:
        // the HEAD used to hang until the collector stopped. A hang fails here after 30 s instead of blocking the run.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var head = await _collector.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/api/live", UriKind.Relative)),
            HttpCompletionOption.ResponseHeadersRead, patience.Token);

        head.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        head.Content.Headers.Allow.Should().Contain("GET");
    }

    [Test]
    public async Task Head_WithARepeatedParameter_Answers400WithoutBody()
    {
        using var head = await _collector.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/api/series?host=a&host=b", UriKind.Relative)));

        head.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        head.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    // Each: a GET with one parameter that the endpoint does not take (a typo), which used to be ignored.
    [TestCase("/api/alerts?severty=critical", "severty")]
    [TestCase("/api/alerts?state=open&hots=srv1", "hots")]
    [TestCase("/api/series?host=srv1&tennant=t", "tennant")]
    [TestCase("/api/events?limt=5", "limt")]
    [TestCase("/api/hosts?tenant=t", "tenant")]
    [TestCase("/api/oncall?when=2026-11-30T09:00:00Z", "when")]
    [TestCase("/api/query?measurement=cpu&field=usage_user&agregate=max", "agregate")]
    [TestCase("/api/latest?measurement=cpu&windw=5m", "windw")]
    [TestCase("/api/silences?hots=srv1", "hots")]
    [TestCase("/api/maintenance?active=true", "active")]
    [TestCase("/api/security/audit?actr=nobody", "actr")]
    public async Task UnknownQueryParameter_Answers400_NamingIt(string url, string parameter)
    {
        using var response = await _collector.Http.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var error = JsonDocument.Parse(text).RootElement;
        error.GetProperty("parameter").GetString().Should().Be(parameter);
        error.GetProperty("detail").GetString().Should().StartWith($"unknown query parameter \"{parameter}\"; this endpoint takes ");
        error.GetProperty("error").GetString().Should().Be(error.GetProperty("detail").GetString());
        error.GetProperty("instance").GetString().Should().Be(url.Split('?')[0]);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    // Each: a parameter that takes one value given several times, which used to be read joined ("a,b") and to answer
    // an empty 200 (or a 400 blaming the joined value).
    [TestCase("/api/series?host=a&host=b", "host", 2)]
    [TestCase("/api/series?tenant=t&host=a&tenant=u&host=b", "tenant", 2)] // the first repeated name in the request's order
    [TestCase("/api/query?measurement=cpu&measurement=mem&field=usage_user", "measurement", 2)]
    [TestCase("/api/query?measurement=cpu&field=usage_user&tag.cpu=cpu0&tag.cpu=cpu1", "tag.cpu", 2)]
    [TestCase("/api/query?measurement=cpu&field=usage_user&agg=max&agg=min&agg=avg", "agg", 3)]
    [TestCase("/api/latest?host=a&host=b", "host", 2)]
    [TestCase("/api/events?limit=5&limit=6", "limit", 2)]
    [TestCase("/api/alerts?state=open&state=resolved", "state", 2)]
    [TestCase("/api/oncall?at=2026-11-30T09:00:00Z&at=2026-11-30T10:00:00Z", "at", 2)]
    [TestCase("/api/oncall/next?at=2026-11-30T09:00:00Z&at=2026-11-30T10:00:00Z", "at", 2)]
    [TestCase("/api/security/audit?actor=a&actor=b", "actor", 2)]
    public async Task RepeatedQueryParameter_Answers400_NamingIt(string url, string parameter, int count)
    {
        using var response = await _collector.Http.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, $"query parameter \"{parameter}\" is given {count} times; it takes one value", parameter);
        problem.GetProperty("title").GetString().Should().Be("The request repeats a query parameter that takes one value");
    }

    [Test]
    public async Task Query_WithFieldGivenTwice_IsNotRefusedForTheRepeat()
    {
        // /api/query may take several fields in one request (another change): a repeated field is left to the endpoint.
        using var response = await _collector.Http.GetAsync(new Uri("/api/query?measurement=cpu&field=usage_user&field=usage_system", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        text.Should().NotContain("is given 2 times");
    }

    [Test]
    public async Task Query_FromAndToBothOutsideTheStoredRange_Answers400_NamingBoth()
    {
        // Used to name only to: from was not read once to was refused.
        using var response = await _collector.Http.GetAsync(new Uri("/api/query?measurement=cpu&field=usage_user&from=1600-01-01T00:00:00Z&to=2300-01-01T00:00:00Z&step=36500d", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "from \"1600-01-01T00:00:00Z\" is outside the times stored", "from, to");
        problem.GetProperty("detail").GetString().Should().Contain("to \"2300-01-01T00:00:00Z\" is outside the times stored");
    }

    [TestCase("/api/events?from=2026-11-30T18:00:00Z&to=2026-11-30T17:00:00Z")]
    [TestCase("/api/events?from=2026-11-30T17:00:00Z&to=2026-11-30T17:00:00Z")]
    public async Task Events_FromNotBeforeTo_Answers400_NamingFrom(string url)
    {
        using var response = await _collector.Http.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("from");
        problem.GetProperty("detail").GetString().Should().Be("from must be before to");
    }

    [Test]
    public async Task TagFilters_AndKnownParameters_AreStillAccepted()
    {
        using var query = await _collector.Http.GetAsync(new Uri("/api/query?measurement=cpu&field=usage_user&tag.cpu=cpu-total&agg=max", UriKind.Relative));
        query.StatusCode.Should().Be(HttpStatusCode.OK, await query.Content.ReadAsStringAsync());
        using var alerts = await _collector.Http.GetAsync(new Uri("/api/alerts?state=open&severity=critical&tenant=t&host=h&rule=r&limit=5", UriKind.Relative));
        alerts.StatusCode.Should().Be(HttpStatusCode.OK, await alerts.Content.ReadAsStringAsync());
        using var audit = await _collector.Http.GetAsync(new Uri("/api/security/audit?limit=5&actor=admin&category=security&action=login&from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", UriKind.Relative));
        audit.StatusCode.Should().Be(HttpStatusCode.OK, await audit.Content.ReadAsStringAsync());
    }

    // Each: a body with one member that the endpoint does not have (a typo), which used to be ignored.
    [TestCase("/api/alerts/1/ack", """{"by":"alice","coment":"looking"}""", "coment")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"duration":"1h","by":"alice","severty":"critical"}""", "severty")]
    [TestCase("/api/alerts/rules/validate", """{"text":"rules: []","dryRun":true}""", "dryRun")]
    [TestCase("/api/security/users", """{"name":"bob","role":"viewer","password":"correct horse battery","rol":"admin"}""", "rol")]
    public async Task UnknownJsonMember_Answers400_NamingIt(string path, string body, string member)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        var error = JsonDocument.Parse(text).RootElement;
        error.GetProperty("parameter").GetString().Should().Be(member);
        error.GetProperty("error").GetString().Should().StartWith($"{member}: unknown member");
        error.GetProperty("instance").GetString().Should().Be(path);
    }

    // Each: a silence or maintenance window with one member of the wrong JSON type, which used to be taken as text
    // (a number for a window's name), dropped (a number as a comment) or reported as another member missing.
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"duration":7200,"by":"alice"}""", "$.duration", "a duration")]
    [TestCase("/api/silences", """{"matchers":{"host":5},"duration":"1h","by":"alice"}""", "$.matchers.host", "a string")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"duration":"1h","by":"alice","comment":5}""", "$.comment", "a string")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"duration":"1h","by":42}""", "$.by", "a string")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"endsAt":1767225600,"by":"alice"}""", "$.endsAt", "ISO 8601")]
    [TestCase("/api/maintenance", """{"name":5,"match":{"group":"w"},"weekly":{"days":["tue"],"from":"20:00","to":"22:00"},"by":"bob"}""", "$.name", "a string")]
    [TestCase("/api/maintenance", """{"name":"p","match":{"group":"w"},"cron":"0 2 * * *","duration":7200,"by":"bob"}""", "$.duration", "a duration")]
    [TestCase("/api/maintenance", """{"name":"p","match":{"group":"w"},"weekly":{"days":["tue"],"from":20,"to":"22:00"},"by":"bob"}""", "$.weekly.from", "a time of day")]
    [TestCase("/api/maintenance", """{"name":"p","match":["w"],"weekly":{"days":["tue"],"from":"20:00","to":"22:00"},"by":"bob"}""", "$.match", "an object")]
    public async Task WrongJsonType_InSilenceOrWindow_Answers400Problem_NamingPathAndExpected(string path, string body, string jsonPath, string expected)
    {
        var (response, problem) = await PostAsync(path, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("path").GetString().Should().Be(jsonPath);
        problem.GetProperty("parameter").GetString().Should().Be(jsonPath[2..]);
        problem.GetProperty("expected").GetString().Should().Contain(expected);
        problem.GetProperty("detail").GetString().Should().StartWith($"{jsonPath[2..]}: expected ");
        problem.GetProperty("error").GetString().Should().Be(problem.GetProperty("detail").GetString(), "the dashboard and older scripts read error");
    }

    // Each: an unknown member inside a window, or a member spelt with another case, which the file's parser would not read.
    [TestCase("/api/maintenance", """{"name":"p","match":{"group":"w"},"once":{"from":"2026-12-01T20:00","to":"2026-12-01T22:00","until":"x"},"by":"bob"}""", "once.until")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"Duration":"1h","by":"alice"}""", "Duration")]
    public async Task UnknownMember_InSilenceOrWindow_Answers400Problem_NamingIt(string path, string body, string member)
    {
        var (response, problem) = await PostAsync(path, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("parameter").GetString().Should().Be(member);
        problem.GetProperty("detail").GetString().Should().StartWith($"{member}: unknown member");
    }

    // Each: a body of the right JSON types whose content is refused: answered as a problem too, naming the member.
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"by":"alice"}""", "endsAt")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"duration":"soon","by":"alice"}""", "duration")]
    [TestCase("/api/silences", """{"matchers":{"host":"srv1"},"startsAt":"tomorrow","duration":"1h","by":"alice"}""", "startsAt")]
    [TestCase("/api/maintenance", """{"name":"p","match":{"group":"w"},"cron":"0 25 * * *","duration":"2h","by":"bob"}""", "cron")]
    public async Task RefusedContent_InSilenceOrWindow_Answers400Problem_NamingTheMember(string path, string body, string member)
    {
        var (response, problem) = await PostAsync(path, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("parameter").GetString().Should().Be(member);
        problem.GetProperty("path").GetString().Should().Be("$." + member);
        problem.GetProperty("detail").GetString().Should().Contain(member);
    }

    [Test]
    public async Task Problem_ReadRaw_QuotesTheValueWithoutEscapes()
    {
        using var content = new StringContent("""{"matchers":{"host":"srv1"},"duration":"2 hours","by":"alice"}""", Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        text.Should().Contain("""duration \"2 hours\" is not a positive duration""", "curl shows the answer as it is").And.NotContain("\\u0022");
    }

    [Test]
    public async Task NullMembers_MeanAbsent_AsTheDashboardSendsThem()
    {
        var (silence, created) = await PostAsync("/api/silences", """{"matchers":{"host":"null-members"},"duration":"1h","comment":null,"by":"alice"}""");
        silence.StatusCode.Should().Be(HttpStatusCode.Created, created.ToString());
        created.GetProperty("comment").ValueKind.Should().Be(JsonValueKind.Null);

        var (window, made) = await PostAsync("/api/maintenance",
            """{"name":"null-members","match":{"group":"w"},"weekly":{"days":"tue","from":"20:00","to":"22:00"},"timeZone":null,"comment":null,"by":"bob"}""");
        window.StatusCode.Should().Be(HttpStatusCode.Created, made.ToString());
        made.GetProperty("comment").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _collector.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }
}
