using System.Net;
using System.Text;
using Alpi.Collector.Api;
using Alpi.Collector.Security.Storage;
using Alpi.Collector.Tests.Security;
using Alpi.Testing;
using Microsoft.Data.Sqlite;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// Every error answer of the collector's API that used to be the plain <c>{"error","parameter"}</c> JSON is now the RFC
/// 9457 problem (<see cref="ApiProblems"/>): access control (401, 403, the audit log's 503), the login form's JSON
/// answer, the account API, the request body limit (413), alerts, silences and maintenance windows, rule validation,
/// NAS clients and the Wi-Fi session search; checked on a real collector, each with its status, content type and the
/// <c>detail</c> naming what was wrong.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ApiProblemsTests
{
    private const string ReadToken = "problems-read-token-0123456789abcdef0123456789";
    private readonly TempDirectory _folder = new("alpi-api-problems");
    private CollectorHarness _collector = null!;
    private HttpClient _viewer = null!;
    private HttpClient _dpo = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "rules.yaml"), "rules: []\n");
        // One maintenance window of the on-call file (beside the rules file), which the API may not delete.
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "oncall.yaml"), """
            maintenance:
              - name: works
                match: { host: "srv-*" }
                weekly: { days: [mon], from: "01:00", to: "03:00" }
            """);
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = Path.Combine(_folder.Path, "rules.yaml"),
            ["Collector:Http:MaxSmallRequestBodyBytes"] = "1024",
            ["Collector:Security:Tokens:reader:Token"] = ReadToken,
            ["Collector:Security:Tokens:reader:Scope"] = "read",
            ["Agent:Enabled"] = "false",
        });
        await SecurityClients.CreateAccountAsync(_collector, "problem-viewer", "viewer");
        _viewer = await SecurityClients.LoginAsync(_collector, "problem-viewer");
        // The Wi-Fi session search is the data-protection officer's alone (personal data).
        await SecurityClients.CreateAccountAsync(_collector, "problem-dpo", "dpo");
        _dpo = await SecurityClients.LoginAsync(_collector, "problem-dpo");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _viewer?.Dispose();
        _dpo?.Dispose();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _folder.Dispose();
    }

    // Each: a status and the RFC 9110 section its problem's type names.
    [TestCase(400, "https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request")]
    [TestCase(401, "https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized")]
    [TestCase(403, "https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden")]
    [TestCase(404, "https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found")]
    [TestCase(409, "https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict")]
    [TestCase(413, "https://tools.ietf.org/html/rfc9110#section-15.5.14", "Payload Too Large")]
    [TestCase(422, "https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Entity")]
    [TestCase(503, "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable")]
    // Not a section of RFC 9110: RFC 9457 §4.2.1's default type.
    [TestCase(429, "about:blank", "Too Many Requests")]
    public void Of_NamesTheStatusSectionAndReasonPhrase(int status, string type, string title)
    {
        var problem = ApiProblems.Of(status, "what was wrong", "p", "/api/x");

        problem.Should().BeEquivalentTo(new { Type = type, Title = title, Status = status, Detail = "what was wrong", Error = "what was wrong", Parameter = "p", Instance = "/api/x" });
    }

    [Test]
    public async Task Anonymous_ApiRequest_Answers401Problem()
    {
        using var client = SecurityClients.Anonymous(_collector);

        using var response = await client.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "authentication required: log in at /login, or send Authorization: Bearer <token>", "Authorization");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer realm=\"alpi\"");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Test]
    public async Task AnotherAuthorizationScheme_Answers401Problem_SayingItIsNotABearerToken()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_collector.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/hosts", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic YWRtaW46YWRtaW4=");

        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "the Authorization header is not a bearer token", "Authorization");
    }

    [Test]
    public async Task UnknownBearerToken_Answers401Problem()
    {
        using var client = SecurityClients.WithToken(_collector, "not-a-configured-token-0123456789abcdef");

        using var response = await client.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "the bearer token is not valid", "Authorization");
    }

    [Test]
    public async Task ReadToken_Acknowledging_Answers403Problem()
    {
        using var client = SecurityClients.WithToken(_collector, ReadToken);

        using var response = await client.PostAsync(new Uri("/api/alerts/1/ack", UriKind.Relative), Json("""{"by":"script"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "the token's scope does not allow this (role viewer)", null))
            .ShouldHaveRefusal("access.scope", ("scope", "read"), ("role", "viewer"));
    }

    [Test]
    public async Task ViewerSession_Acknowledging_Answers403Problem()
    {
        using var response = await _viewer.PostAsync(new Uri("/api/alerts/1/ack", UriKind.Relative), Json("""{"by":"viewer"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "your role (viewer) does not allow this", null))
            .ShouldHaveRefusal("access.role", ("role", "viewer"));
    }

    [Test]
    public async Task PersonalData_WhenTheAuditLogCannotBeWritten_Answers503Problem()
    {
        var database = Path.Combine(_collector.DataDirectory, SecurityDatabase.FileName);
        await RenameAuditTableAsync(database, "audit_log", "audit_log_away");
        try
        {
            using var response = await _collector.Http.GetAsync(new Uri("/api/oncall", UriKind.Relative));

            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "the audit log cannot be written, so personal data is not served", null);
        }
        finally
        {
            await RenameAuditTableAsync(database, "audit_log_away", "audit_log");
        }
    }

    [Test]
    public async Task Login_WithAJsonBody_Answers400Problem()
    {
        using var client = SecurityClients.Anonymous(_collector);

        using var response = await client.PostAsync(new Uri("/login", UriKind.Relative), Json("""{"username":"a","password":"b"}"""));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "POST /login takes an HTML form (application/x-www-form-urlencoded)", "body");
    }

    // Each case: a collector endpoint that reads a JSON body, sent a JSON text as text/plain (curl -d without -H). A new
    // user's check: the NAS API answered 415 naming the body, the account API 400, the others read the text as JSON.
    [TestCase("POST", "/api/security/users", """{"name":"texte","role":"viewer","password":"a long enough password"}""")]
    [TestCase("PATCH", "/api/security/users/problem-viewer", """{"disabled":true}""")]
    [TestCase("POST", "/api/alerts/1/ack", """{"by":"alice"}""")]
    [TestCase("POST", "/api/alerts/rules/validate", """{"text":"rules: []"}""")]
    [TestCase("POST", "/api/silences", """{"matchers":{"host":"srv1"},"duration":"1h","by":"alice"}""")]
    [TestCase("POST", "/api/maintenance", """{"matchers":{"host":"srv1"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"},"by":"alice"}""")]
    public async Task JsonEndpoint_WithATextPlainBody_Answers415ProblemNamingTheBody(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };

        using var response = await _collector.Http.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "the body must be JSON (Content-Type: application/json), not text/plain", "body");
        problem.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.16");
        problem.ShouldHaveRefusal("body.mediaType", ("contentType", "text/plain; charset=utf-8"));
    }

    [Test]
    public async Task AccountApi_UnknownAccount_Answers404Problem()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/security/users/nobody-here", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "no account \"nobody-here\"", "name"))
            .ShouldHaveRefusal("account.notFound", ("name", "nobody-here"));
    }

    [Test]
    public async Task AccountApi_ExistingName_Answers409Problem()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/security/users", UriKind.Relative),
            Json("""{"name":"problem-viewer","role":"viewer","password":"another long password"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "account \"problem-viewer\" already exists", "name"))
            .ShouldHaveRefusal("account.exists", ("name", "problem-viewer"));
    }

    // Each case: an account the dashboard's form may send, refused with the English sentence scripts know (error,
    // parameter unchanged) and the code and values the dashboard words in French or English.
    [TestCase("""{"name":"jean dupont","role":"viewer","password":"a long enough password"}""", "name",
        "account name \"jean dupont\" may hold only ASCII letters, digits, '.', '-', '_' and '@'", "account.name.characters", "name", "jean dupont")]
    [TestCase("""{"name":"jean","role":"viewer","password":"court"}""", "password",
        "a password has 12 to 128 characters; this one has 5", "account.password.length", "length", "5")]
    [TestCase("""{"name":"jean-dupont-1234","role":"viewer","password":"JEAN-DUPONT-1234"}""", "password",
        "the password must not be the account's name", "account.password.isName", null, null)]
    [TestCase("""{"name":"jean","role":"chef","password":"a long enough password"}""", "role",
        "role \"chef\" is not one of administrator, technician, viewer, dpo", "account.role.unknown", "role", "chef")]
    public async Task AccountApi_RefusedValue_Answers400WithTheSentence_AndItsCodeAndValues(string body, string parameter, string error, string code, string? arg, string? value)
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/security/users", UriKind.Relative), Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, error, parameter);
        problem.GetProperty("error").GetString().Should().Be(error, "scripts keep today's English sentence");
        problem.ShouldHaveRefusal(code, arg is null ? [] : [(arg, value!)]);
    }

    [Test]
    public async Task AccountApi_PasswordLength_GivesEveryValueOfTheSentence()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/security/users", UriKind.Relative), Json("""{"name":"jean","role":"viewer","password":"court"}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "a password has 12 to 128 characters", "password");
        problem.GetProperty("args").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).Should()
            .Equal(("min", "12"), ("max", "128"), ("length", "5"));
    }

    [Test]
    public async Task AccountApi_AMemberOfTheWrongType_Answers400WithTheBodyCodeNamingTheMember()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/security/users", UriKind.Relative), Json("""{"name":5,"role":"viewer","password":"a long enough password"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "name: expected a string", "name"))
            .ShouldHaveRefusal("body.type", ("member", "name"), ("expected", "a string"));
    }

    [Test]
    public async Task BodyOverTheSmallLimit_Answers413Problem()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json("{\"by\":\"" + new string('b', 2000) + "\"}"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "is larger than the limit of 1024 octets for POST /api/silences", "body"))
            .ShouldHaveRefusal("body.tooLarge", ("limit", "1024"), ("what", "POST /api/silences"));
    }

    [Test]
    public async Task UnknownAlert_Answers404Problem()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/alerts/424242/ack", UriKind.Relative), Json("""{"by":"alice"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "no alert 424242", "id")).ShouldHaveRefusal("alert.notFound", ("id", "424242"));
    }

    [Test]
    public async Task UnknownSilence_Answers404Problem()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/silences/424242", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "no silence 424242", "id");
    }

    [Test]
    public async Task UnknownMaintenanceWindow_Answers404Problem()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/maintenance/424242", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "no maintenance window 424242", "id")).ShouldHaveRefusal("maintenance.notFound", ("id", "424242"));
    }

    // Each: a method and a path whose numeric id is not a number (or beyond 64 bits), which routing used to answer
    // "nothing found" as if the endpoint did not exist.
    [TestCase("GET", "/api/alerts/abc")]
    [TestCase("GET", "/api/alerts/abc/history")]
    [TestCase("POST", "/api/alerts/abc/ack")]
    [TestCase("GET", "/api/alerts/99999999999999999999")]
    [TestCase("GET", "/api/alerts/-1")]
    [TestCase("DELETE", "/api/silences/abc")]
    public async Task NumericRouteParameter_NotANumber_Answers400Problem_NamingIt(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = Json("""{"by":"alice"}""");
        }

        using var response = await _collector.Http.SendAsync(request);

        var id = path.Split('/')[3];
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, $"id \"{id}\" is not a valid id: ", "id");
    }

    [Test]
    public async Task MaintenanceWindow_IdNeitherANumberNorOfTheFile_Answers400Problem_NamingIt()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/maintenance/abc", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "id \"abc\" is neither a number nor file:", "id");
    }

    [Test]
    public async Task MaintenanceWindowOfTheOnCallFile_Deleted_Answers409Problem()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/maintenance/file:works", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "maintenance window file:works comes from the on-call file: change it there", "id"))
            .ShouldHaveRefusal("maintenance.inFile", ("id", "file:works"));
    }

    [Test]
    public async Task MaintenanceWindow_WithAHostPatternThatIsNoRegularExpression_Answers400WithTheSentence_AndItsCodeAndValues()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"motif-faux","match":{"host":"~("},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        // Our words, the place in the pattern as typed: no more .NET's reason on the wrapped "^(?:()$" at offset 7.
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest,
            "match: host: \"~(\" is not a valid regular expression: a parenthesis is opened and never closed (at character 2)", "match");
        problem.ShouldHaveRefusal("matcher.regex", ("key", "host"), ("pattern", "~("), ("position", "2"), ("problem", "unclosedGroup"));
        problem.GetProperty("detail").GetString().Should().NotContain("^(?:").And.NotContain("offset");
        problem.TryGetProperty("errors", out _).Should().BeFalse("one reason needs no list");
    }

    [Test]
    public async Task MaintenanceWindow_WithTwoBadPatterns_Answers400ListingBoth_EachWithItsCode()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"deux-motifs","match":{"tenant":"~mairie-(","host":"~[srv"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "match: tenant: \"~mairie-(\"", "match");
        problem.GetProperty("detail").GetString().Should().Contain("; match: host: \"~[srv\" is not a valid regular expression: a [ is opened and never closed");
        problem.ShouldHaveRefusal("matcher.regex", ("key", "tenant"));
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.Select(e => (e.GetProperty("code").GetString(), e.GetProperty("parameter").GetString(), e.GetProperty("args").GetProperty("key").GetString()))
            .Should().Equal(("matcher.regex", "match", "tenant"), ("matcher.regex", "match", "host"));
        errors[1].GetProperty("args").GetProperty("problem").GetString().Should().Be("unclosedClass");
    }

    [Test]
    public async Task MaintenanceWindow_WithALookAheadTheEngineDoesNotRun_Answers400_NotA500()
    {
        // RegexOptions.NonBacktracking throws NotSupportedException on a look-around, which used to escape the check.
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"anticipation","match":{"host":"~(?=srv)srv-1"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        var problem = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "it uses a look-around, back-reference or other construct not supported here", "match"))
            .ShouldHaveRefusal("matcher.regex", ("problem", "unsupported"));
        problem.GetProperty("args").TryGetProperty("position", out _).Should().BeFalse("a construct not run has no one place");
    }

    [Test]
    public async Task MaintenanceWindow_WithRepetitionsTooLarge_Answers400_WithoutAnEmptyPosition()
    {
        // A new user's check (issue 8): "position":"" was answered, an empty place; now no position, as for "unsupported".
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"trop-grand","match":{"host":"~(a{1000}){1000}"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        var problem = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "its repetitions multiply into an expression too large to run", "match"))
            .ShouldHaveRefusal("matcher.regex", ("key", "host"), ("pattern", "~(a{1000}){1000}"), ("problem", "tooLarge"));
        problem.GetProperty("args").EnumerateObject().Select(a => a.Name).Should().Equal("key", "pattern", "problem");
    }

    // Each: a name typed in the form that used to be accepted, and its refusal.
    [TestCase("500 characters", "name: at most 100 characters (500 given)", "maintenance.name.length", "length", "500")]
    [TestCase("a tab", "name: the control or invisible character U+0009", "maintenance.name.control", "codePoint", "U+0009")]
    [TestCase("a zero-width space", "name: the control or invisible character U+200B", "maintenance.name.control", "codePoint", "U+200B")]
    [TestCase("a line separator", "name: the control or invisible character U+2028", "maintenance.name.control", "codePoint", "U+2028")]
    public async Task MaintenanceWindow_ANameTooLongOrWithAControlCharacter_Answers400NamingIt(string what, string detail, string code, string arg, string value)
    {
        var name = what switch
        {
            "a tab" => "patch\\tmardi", // JSON escape of a tab
            "a zero-width space" => "patch\\u200Bmardi",
            "a line separator" => "patch\\u2028mardi",
            _ => new string('n', 500),
        };
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json($$$"""{"name":"{{{name}}}","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, detail, "name")).ShouldHaveRefusal(code, (arg, value));
    }

    // A name that shows as nothing, or as another window's name with a space more.
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(" patch-mardi")]
    [TestCase("patch-mardi ")]
    public async Task MaintenanceWindow_ABlankOrSpaceEdgedName_Answers400(string name)
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json($$$"""{"name":"{{{name}}}","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "name: a visible name is required, without spaces before or after it", "name"))
            .ShouldHaveRefusal("maintenance.name.blank");
    }

    [Test]
    public async Task MaintenanceWindow_WhollyInThePast_Answers400NamingOnceTo()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"passee","match":{"host":"srv-9"},"once":{"from":"2020-01-01T01:00","to":"2020-01-01T02:00"},"timeZone":"Europe/Paris"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "once.to: the window ends at 2020-01-01 02:00 (Europe/Paris), which is past", "once.to"))
            .ShouldHaveRefusal("maintenance.once.past", ("to", "2020-01-01 02:00"), ("timeZone", "Europe/Paris"));
    }

    [Test]
    public async Task MaintenanceWindow_NamedAsAWindowOfTheOnCallFile_InAnyCase_Answers409()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"Works","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "name: the on-call file has a maintenance window named \"works\"", "name"))
            .ShouldHaveRefusal("maintenance.name.inFile", ("name", "works"));
    }

    [Test]
    public async Task MaintenanceWindow_NamedAsAnotherApiWindowNotEnded_Answers409_AndOnceThatOneIsEnded_IsAccepted()
    {
        const string Body = """{"name":"NAME","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}""";
        using var first = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative), Json(Body.Replace("NAME", "routeur-double", StringComparison.Ordinal)));
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = System.Text.Json.JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using var second = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative), Json(Body.Replace("NAME", "Routeur-Double", StringComparison.Ordinal)));

        (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, $"name: the maintenance window {id} is named \"routeur-double\" already", "name"))
            .ShouldHaveRefusal("maintenance.name.exists", ("name", "routeur-double"), ("id", id!));
        using var ended = await _collector.Http.DeleteAsync(new Uri($"/api/maintenance/{id}", UriKind.Relative));
        using var third = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative), Json(Body.Replace("NAME", "Routeur-Double", StringComparison.Ordinal)));
        third.StatusCode.Should().Be(HttpStatusCode.Created);
        var thirdId = System.Text.Json.JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var cleanup = await _collector.Http.DeleteAsync(new Uri($"/api/maintenance/{thirdId}", UriKind.Relative));
    }

    [Test]
    public async Task MaintenanceWindows_CarryTheirTimesAsValues_ForTheDashboardToWordThem()
    {
        var windows = System.Text.Json.JsonDocument.Parse(await _collector.Http.GetStringAsync(new Uri("/api/maintenance", UriKind.Relative))).RootElement;

        var works = windows.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "file:works");
        works.GetProperty("schedule").GetString().Should().Be("weekly mon 01:00–03:00", "the English description is kept for scripts");
        works.GetProperty("times").GetRawText().Should().Be("""{"kind":"weekly","days":["mon"],"from":"01:00","to":"03:00"}""");
    }

    // Each: a silence body the problems view or a script may send, and the refusal's code and values (it had none).
    [TestCase("""{"matchers":{"host":"srv1"},"duration":"soon","by":"alice"}""", "duration", "silence.duration", "value", "soon")]
    [TestCase("""{"matchers":{"host":"srv1"},"startsAt":"tomorrow","duration":"1h","by":"alice"}""", "startsAt", "silence.time", "member", "startsAt")]
    [TestCase("""{"matchers":{"host":"srv1"},"endsAt":"2026-01-01T20:00","by":"alice"}""", "endsAt", "silence.time", "value", "2026-01-01T20:00")]
    // A new user's check: a time without its offset was taken in the server's zone (UTC here), a Paris 10:00 meaning 11:00.
    [TestCase("""{"matchers":{"host":"srv1"},"endsAt":"2030-01-01T10:00:00"}""", "endsAt", "silence.time", "value", "2030-01-01T10:00:00")]
    [TestCase("""{"matchers":{"host":"srv1"},"startsAt":"2030-01-01T10:00:00.000","duration":"1h"}""", "startsAt", "silence.time", "member", "startsAt")]
    [TestCase("""{"matchers":{"host":"srv1"},"by":"alice"}""", "endsAt", "silence.end", null, null)]
    [TestCase("""{"matchers":{"host":"~srv-("},"duration":"1h","by":"alice"}""", "matchers", "matcher.regex", "pattern", "~srv-(")]
    [TestCase("""{"matchers":{},"duration":"1h","by":"alice"}""", "matchers", "matcher.required", null, null)]
    // From a new user's check, each worded "endsAt or duration is required" (silence.end) before, or accepted:
    [TestCase("""{"matchers":{"host":"srv1"},"endsAt":"2020-01-01T20:00:00+01:00"}""", "endsAt", "silence.endsAt.past", "endsAt", "2020-01-01T19:00:00Z")]
    [TestCase("""{"matchers":{"host":"srv1"},"startsAt":"2020-01-01T20:00:00Z","duration":"1h"}""", "duration", "silence.endsAt.past", "endsAt", "2020-01-01T21:00:00Z")]
    [TestCase("""{"matchers":{"host":"srv1"},"startsAt":"2030-01-01T20:00:00Z","endsAt":"2030-01-01T18:00:00Z"}""", "endsAt", "silence.endsAt.beforeStart", "startsAt", "2030-01-01T20:00:00Z")]
    [TestCase("""{"matchers":{"host":"srv1"},"endsAt":"2030-01-01T18:00:00Z","duration":"1h"}""", "endsAt, duration", "silence.end.ambiguous", "duration", "1h")] // the duration was ignored (201)
    public async Task Silence_Refused_Answers400WithItsCodeAndValues(string body, string parameter, string code, string? arg, string? value)
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, parameter, parameter);
        if (arg is null)
        {
            problem.ShouldHaveRefusal(code);
        }
        else
        {
            problem.ShouldHaveRefusal(code, (arg, value!));
        }
    }

    [Test]
    public async Task Silence_EndBeforeItsStart_SaysTheEndComesBefore()
    {
        // A new user's check: the sentence said "the end comes after the start".
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative),
            Json("""{"matchers":{"host":"srv1"},"startsAt":"2030-01-02T00:00:00Z","endsAt":"2030-01-01T00:00:00Z"}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "endsAt", "endsAt");
        problem.GetProperty("detail").GetString().Should().Contain("the end comes before the start");
    }

    [TestCase("2030-01-01T10:00:00+01:00")]
    [TestCase("2030-01-01T09:00:00Z")]
    [TestCase("2030-01-01T04:00:00-0500")]
    public async Task Silence_TimeWithItsOffset_IsTakenAsTheInstantItNames(string endsAt)
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative),
            Json($$"""{"matchers":{"host":"srv-offset"},"endsAt":"{{endsAt}}"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        created.GetProperty("endsAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
        using var deleted = await _collector.Http.DeleteAsync(new Uri($"/api/silences/{created.GetProperty("id").GetInt64()}", UriKind.Relative));
    }

    [Test]
    public async Task Silence_TwoBadPatterns_BothListedInErrors()
    {
        // A new user's check: only the first bad pattern was reported, where a maintenance window reports each.
        using var response = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative),
            Json("""{"matchers":{"tenant":"~mairie-(","host":"~[srv"},"duration":"1h"}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "matchers: tenant: \"~mairie-(\"", "matchers");
        problem.GetProperty("detail").GetString().Should().Contain("; matchers: host: \"~[srv\" is not a valid regular expression: a [ is opened and never closed");
        problem.ShouldHaveRefusal("matcher.regex", ("key", "tenant"));
        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("parameter").GetString(), e.GetProperty("args").GetProperty("key").GetString()))
            .Should().Equal(("matcher.regex", "matchers", "tenant"), ("matcher.regex", "matchers", "host"));
    }

    [Test]
    public async Task MaintenanceWindow_WithoutAName_Answers400WithItsCode_NamingName()
    {
        // A new user's check: refused as "name: is required" without a code, and with "parameter":"body".
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T02:00"}}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "name: is required", "name")).ShouldHaveRefusal("maintenance.name.missing");
    }

    [Test]
    public async Task MaintenanceWindow_OnceTimesWithZAndAnOffset_AreAccepted_AsTheInstantsTheyName()
    {
        // A new user's check: ISO 8601 times pasted with Z or an offset were refused, without a code.
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"iso-8601","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00:00Z","to":"2030-01-01T04:00:00+01:00"},"timeZone":"Europe/Paris"}"""));

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        var window = System.Text.Json.JsonDocument.Parse(text).RootElement;
        window.GetProperty("times").GetRawText().Should().Be("""{"kind":"once","from":"2030-01-01T02:00","to":"2030-01-01T04:00"}""", "Paris is UTC+1 in January");
        using var cleanup = await _collector.Http.DeleteAsync(new Uri($"/api/maintenance/{window.GetProperty("id").GetString()}", UriKind.Relative));
    }

    [Test]
    public async Task MaintenanceWindow_AMalformedOnceTime_Answers400NamingTheMemberAndTheValue()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"mal-ecrite","match":{"host":"srv-9"},"once":{"from":"2030-01-01T01:00","to":"2030-01-01T25:00:00Z"}}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "once.to: \"2030-01-01T25:00:00Z\" is not a date and time", "once.to"))
            .ShouldHaveRefusal("maintenance.once.time", ("member", "once.to"), ("value", "2030-01-01T25:00:00Z"));
    }

    [Test]
    public async Task MaintenanceWindow_PastAndABadPatternAndANameTooLong_ListsAllThreeInErrors()
    {
        // A new user's check: the bad pattern kept the window from parsing, so its past end was left out of errors.
        var name = new string('n', 101);
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json($$"""{"name":"{{name}}","match":{"host":"~srv-("},"once":{"from":"2020-01-01T01:00","to":"2020-01-01T02:00"},"timeZone":"Europe/Paris"}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "match: host: \"~srv-(\"", "match");
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("parameter").GetString()))
            .Should().Equal(("matcher.regex", "match"), ("maintenance.name.length", "name"), ("maintenance.once.past", "once.to"));
    }

    [Test]
    public async Task MaintenanceWindow_OnceReversed_Answers400WithItsCodeAndValues()
    {
        // A new user's check (issue 8): "to must be after from" was refused without a code.
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"name":"a-l-envers","match":{"host":"srv-9"},"once":{"from":"2030-01-01T03:00","to":"2030-01-01T01:00"},"timeZone":"Europe/Paris"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest,
            "once: to must be after from: the window would end at 2030-01-01 01:00, not after it starts at 2030-01-01 03:00 (Europe/Paris)", "once"))
            .ShouldHaveRefusal("maintenance.once.reversed", ("from", "2030-01-01 03:00"), ("to", "2030-01-01 01:00"), ("timeZone", "Europe/Paris"));
    }

    [Test]
    public async Task MaintenanceWindow_OnceReversedAndPast_WithoutANameAndABadPattern_ListsEveryFaultInErrors_EachWithItsCode()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/maintenance", UriKind.Relative),
            Json("""{"match":{"host":"~srv-("},"once":{"from":"2020-01-01T03:00","to":"2020-01-01T01:00"},"timeZone":"Europe/Paris"}"""));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "name: is required", "name");
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("parameter").GetString()))
            .Should().Equal(("maintenance.name.missing", "name"), ("matcher.regex", "match"), ("maintenance.once.reversed", "once"), ("maintenance.once.past", "once.to"));
    }

    [Test]
    public async Task MaintenanceWindowOfTheOnCallFile_NoSuchName_Answers404Problem()
    {
        using var response = await _collector.Http.DeleteAsync(new Uri("/api/maintenance/file:nosuch", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "no maintenance window file:nosuch in the on-call file", "id"))
            .ShouldHaveRefusal("maintenance.notFound", ("id", "file:nosuch"));
    }

    [Test]
    public async Task RuleValidation_WithoutText_Answers400Problem()
    {
        using var response = await _collector.Http.PostAsync(new Uri("/api/alerts/rules/validate", UriKind.Relative), Json("{}"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "text (the rule file's YAML, a string) is required", "text"))
            .ShouldHaveRefusal("rules.text.required");
    }

    [Test]
    public async Task NasClients_WithoutABundledController_Answer404Problem()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/admin/nas", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, NasClientsApiMessage, null)).ShouldHaveRefusal("nas.notBundled");
    }

    [Test]
    public async Task WifiSessionSearch_BadLimit_Answers400Problem()
    {
        using var response = await _dpo.GetAsync(new Uri("/api/wifi/sessions/search?nas=borne&limit=0", UriKind.Relative));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "limit \"0\" must be a whole number from 1 to", "limit"))
            .ShouldHaveRefusal("wifi.search.limit", ("value", "0"), ("max", "1000"));
    }

    // Each: a criterion misspelt or given twice, which used to be ignored (the search widened) or read joined ("a,b").
    [TestCase("/api/wifi/sessions/search?nas=borne&usr=alice", "unknown query parameter \"usr\"; this endpoint takes from, to, ip, mac, user, nas, limit", "usr")]
    [TestCase("/api/wifi/sessions/search?nas=borne-1&nas=borne-2", "query parameter \"nas\" is given 2 times; it takes one value", "nas")]
    public async Task WifiSessionSearch_UnknownOrRepeatedParameter_Answers400Problem_NamingIt(string url, string detail, string parameter)
    {
        using var response = await _dpo.GetAsync(new Uri(url, UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, detail, parameter);
    }

    [Test]
    public async Task WifiSessionSearch_WithoutABundledController_Answers503Problem()
    {
        using var response = await _dpo.GetAsync(new Uri("/api/wifi/sessions/search?nas=borne", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "no hotspot controller runs in the collector process", null);
    }

    private static string NasClientsApiMessage => Alpi.Collector.Administration.NasClientsApi.NotBundledMessage;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The audit log's table renamed away (and back): every write to it then fails as a broken database would.
    private static async Task RenameAuditTableAsync(string database, string from, string to)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 5 }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        await command.ExecuteNonQueryAsync();
    }
}
