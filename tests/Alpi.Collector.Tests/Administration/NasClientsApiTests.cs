using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Administration;
using Alpi.Collector.Tests.Api;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Administration;

/// <summary>
/// <c>/api/admin/nas</c> against a collector with its hotspot controller bundled in the same process (as the product's one
/// command runs it), and against one without: the controller's own store, registry and audit log are checked, and no
/// answer ever holds a secret. Access by role is in <c>Security/RoleAccessTests</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class NasClientsApiTests
{
    private const string Secret = "s3cret-of-the-terminal";
    private const string ConfiguredSecret = "secret-from-the-file";
    private CollectorHarness _collector = null!;
    private CollectorHarness _alone = null!;

    private IServiceProvider Hotspot => _collector.HotspotServices!;

    [OneTimeSetUp]
    public async Task StartCollectors()
    {
        _collector = await CollectorHarness.StartAsync(hotspotSettings: new Dictionary<string, string?>
        {
            ["Hotspot:Radius:Clients:0:Name"] = "borne-fichier",
            ["Hotspot:Radius:Clients:0:Address"] = "198.51.100.7",
            ["Hotspot:Radius:Clients:0:Secret"] = ConfiguredSecret,
        });
        _alone = await CollectorHarness.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopCollectors()
    {
        await _collector.DisposeAsync();
        await _alone.DisposeAsync();
    }

    [Test]
    public async Task Add_ThenList_ShowsTheClientWithoutItsSecret_InTheControllersStoreAndRadiusCache()
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas",
            """{"name":"borne-place","address":"192.0.2.10","secret":"s3cret-of-the-terminal","tenant":"mairie-a","group":"plein-air","coaPort":3799,"latitude":45.9,"longitude":6.1}""");

        status.Should().Be(HttpStatusCode.Created, text);
        text.Should().NotContain(Secret).And.NotContain("secret");
        var created = JsonDocument.Parse(text).RootElement;
        created.GetProperty("name").GetString().Should().Be("borne-place");
        created.GetProperty("tenant").GetString().Should().Be("mairie-a");
        created.GetProperty("group").GetString().Should().Be("plein-air");
        created.GetProperty("requireMessageAuthenticator").GetBoolean().Should().BeTrue("the default");
        created.GetProperty("source").GetString().Should().Be("database");

        var list = await _collector.Http.GetStringAsync(new Uri("/api/admin/nas", UriKind.Relative));
        list.Should().NotContain(Secret).And.NotContain(ConfiguredSecret).And.NotContain("secret");
        JsonDocument.Parse(list).RootElement.EnumerateArray().Should().Contain(n => n.GetProperty("name").GetString() == "borne-place");

        var stored = (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Single(n => n.Name == "borne-place");
        stored.Secret.Should().Be(Secret);
        Hotspot.GetRequiredService<NasClientRegistry>().Clients.Should().Contain(c => c.Name == "borne-place", "the RADIUS servers read the change at once");
        var audit = await Hotspot.GetRequiredService<AuditLog>().ListAsync(100, AuditActions.NasUpsert, CancellationToken.None);
        audit.Should().Contain(e => e.Actor == "collector:token:harness" && e.Details!.Contains("borne-place", StringComparison.Ordinal));
        audit.Should().NotContain(e => e.Details!.Contains(Secret, StringComparison.Ordinal));
    }

    [Test]
    public async Task List_ShowsTheControllersConfiguredClients_ReadOnly()
    {
        var list = JsonDocument.Parse(await _collector.Http.GetStringAsync(new Uri("/api/admin/nas", UriKind.Relative))).RootElement;

        var configured = list.EnumerateArray().Single(n => n.GetProperty("name").GetString() == "borne-fichier");
        configured.GetProperty("source").GetString().Should().Be("configuration");
        configured.GetProperty("address").GetString().Should().Be("198.51.100.7");

        var (patch, patchText) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-fichier", """{"tenant":"autre"}""");
        patch.Should().Be(HttpStatusCode.Conflict);
        patchText.Should().Contain("Hotspot:Radius:Clients");
        (await SendAsync(_collector, HttpMethod.Delete, "/api/admin/nas/borne-fichier")).Status.Should().Be(HttpStatusCode.Conflict);
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-fichier","address":"192.0.2.99","secret":"x"}"""))
            .Status.Should().Be(HttpStatusCode.Conflict, "the name is taken by the configuration's client");
    }

    [Test]
    public async Task Update_ChangesWhatIsGiven_KeepsTheSecretUnlessGiven()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-maj","address":"192.0.2.20","secret":"first-secret"}""")).Status
            .Should().Be(HttpStatusCode.Created);

        var (status, text) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-maj", """{"tenant":"mairie-b","requireMessageAuthenticator":false}""");

        status.Should().Be(HttpStatusCode.OK, text);
        var updated = JsonDocument.Parse(text).RootElement;
        updated.GetProperty("tenant").GetString().Should().Be("mairie-b");
        updated.GetProperty("address").GetString().Should().Be("192.0.2.20", "absent members keep their value");
        updated.GetProperty("requireMessageAuthenticator").GetBoolean().Should().BeFalse();
        (await StoredAsync("borne-maj")).Secret.Should().Be("first-secret", "no secret given, the secret is kept");

        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-maj", """{"secret":"second-secret"}""")).Text.Should().NotContain("second-secret");
        (await StoredAsync("borne-maj")).Secret.Should().Be("second-secret");
    }

    [Test]
    public async Task AddOrChange_WithAShortSecret_SavesIt_AndAnswersAWarning()
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-courte","address":"192.0.2.21","secret":"abc"}""");

        status.Should().Be(HttpStatusCode.Created, text);
        text.Should().NotContain("\"abc\"");
        var warning = JsonDocument.Parse(text).RootElement.GetProperty("warning");
        warning.GetProperty("code").GetString().Should().Be("short_secret");
        warning.GetProperty("octets").GetInt32().Should().Be(3);
        warning.GetProperty("recommendedOctets").GetInt32().Should().Be(16);
        warning.GetProperty("message").GetString().Should().Contain("borne-courte").And.Contain("RFC 2865 §3");
        (await StoredAsync("borne-courte")).Secret.Should().Be("abc", "a terminal's existing secret may be short: saved all the same");

        var (_, longer) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-courte", """{"secret":"sixteen-octets!!"}""");
        JsonDocument.Parse(longer).RootElement.TryGetProperty("warning", out _).Should().BeFalse(longer);
        var (_, shorter) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-courte", """{"secret":"quinze-octets!!"}""");
        JsonDocument.Parse(shorter).RootElement.GetProperty("warning").GetProperty("octets").GetInt32().Should().Be(15);
        var (_, none) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-courte", """{"group":"plein-air"}""");
        JsonDocument.Parse(none).RootElement.TryGetProperty("warning", out _).Should().BeFalse("no secret was sent: " + none);
    }

    [Test]
    public async Task Add_AnAddressAnotherTerminalHas_Answers409NamingIt_AndTheFirstKeepsWorking()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"zz-mairie","address":"192.0.2.50","secret":"secret-of-the-town-hall"}""")).Status
            .Should().Be(HttpStatusCode.Created);

        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"aa-ecole","address":"192.0.2.50/32","secret":"secret-of-the-school!!"}""");

        status.Should().Be(HttpStatusCode.Conflict, text);
        text.Should().Contain("zz-mairie").And.Contain("RFC 2865");
        JsonDocument.Parse(text).RootElement.GetProperty("parameter").GetString().Should().Be("address");
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name == "aa-ecole");
        Hotspot.GetRequiredService<NasClientRegistry>().Clients.Should().Contain(c => c.Name == "zz-mairie");

        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"aa-ecole","address":"::ffff:192.0.2.50","secret":"secret-of-the-school!!"}""")).Status
            .Should().Be(HttpStatusCode.Conflict, "the RADIUS server reads an IPv4-mapped source as the IPv4 address");
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"aa-ecole","address":"198.51.100.7","secret":"secret-of-the-school!!"}""")).Status
            .Should().Be(HttpStatusCode.Conflict, "198.51.100.7 is the address of the configuration's borne-fichier");
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"aa-ecole","address":"192.0.2.0/24","secret":"secret-of-the-school!!"}""")).Status
            .Should().Be(HttpStatusCode.Created, "a network around a terminal's address is another client: the longest prefix answers");
        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/zz-mairie", """{"tenant":"mairie-z"}""")).Status
            .Should().Be(HttpStatusCode.OK, "a terminal keeps its own address");
    }

    // Each case: an address as typed, and the canonical text saved and answered (the network the RADIUS server recognises either way).
    [TestCase("198.18.1.5/24", "198.18.1.0/24")] // host bits set: the registry reads the network 198.18.1.0/24
    [TestCase("198.18.0.4/32", "198.18.0.4")] // a /32 is one address
    [TestCase("::ffff:198.18.0.6", "198.18.0.6")] // IPv4-mapped: the registry reads it as the IPv4 address
    [TestCase("2001:DB8:0:0:0:0:0:A", "2001:db8::a")] // RFC 5952 text
    public async Task Add_AnAddressInAnotherSpelling_SavesAndAnswersItsCanonicalText(string typed, string canonical)
    {
        var name = "canon-" + canonical.Replace(':', '-').Replace('/', '-');
        var body = JsonSerializer.Serialize(new { name, address = typed, secret = "sixteen-octets!!" });

        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.Created, text);
        JsonDocument.Parse(text).RootElement.GetProperty("address").GetString().Should().Be(canonical);
        var stored = await StoredAsync(name);
        stored.Address.Should().Be(canonical);
        stored.Network.Should().Be(NasClient.ParseNetwork(typed), "the network recognised is the one typed");
    }

    // Each case: an address inet_aton reads otherwise than meant (saved as 8.0.0.1, 10.0.0.2, 127.0.0.1 before), and what the refusal says.
    [TestCase("010.0.0.1", "leading zero, which inet_aton reads as octal (inet_aton reads it as 8.0.0.1); write 10.0.0.1")] // a new user's check
    [TestCase("198.18.2", "has 3 parts (inet_aton reads it as 198.18.0.2)")] // inet_aton's short form
    [TestCase("3323068419", "has 1 part (inet_aton reads it as 198.18.0.3)")] // one 32-bit number
    [TestCase("198.018.1.0/24", "the part 018 has a leading zero")] // in a CIDR form
    public async Task Add_AnAddressReadOtherwiseThanMeant_Answers400NamingIt(string address, string said)
    {
        var body = JsonSerializer.Serialize(new { name = "misread-" + address.Replace('/', '-'), address, secret = "sixteen-octets!!" });

        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("address");
        problem.GetProperty("error").GetString().Should().Contain($"'{address}'").And.Contain(said);
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name.StartsWith("misread-", StringComparison.Ordinal));
    }

    [Test]
    public async Task Add_AnOctalLookingAddress_Answers400WithTheSentenceScriptsKnow_AndItsCodeAndValues()
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-octale","address":"010.0.0.1","secret":"sixteen-octets!!"}""");

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("address");
        problem.GetProperty("error").GetString().Should().Be(
            "address: '010.0.0.1': the part 010 has a leading zero, which inet_aton reads as octal (inet_aton reads it as 8.0.0.1); write 10.0.0.1 if that is the address meant (no leading zeros)");
        problem.GetProperty("args").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).Should()
            .Equal(("address", "010.0.0.1"), ("part", "010"), ("readAs", "8.0.0.1"), ("meant", "10.0.0.1"));
        problem.ShouldHaveRefusal("nas.address.octal");
    }

    // Each case: a value of the dashboard's terminal form refused by the controller's administration, the member named
    // as before and the code and values the dashboard words in French or English.
    [TestCase("""{"name":"borne-port","address":"192.0.2.95","secret":"sixteen-octets!!","coaPort":70000}""", "coaPort", "nas.coaPort.range", "port", "70000")]
    [TestCase("""{"name":"borne-lat","address":"192.0.2.96","secret":"sixteen-octets!!","latitude":91}""", "latitude", "nas.latitude.range", "latitude", "91")]
    [TestCase("""{"name":"borne-lon","address":"192.0.2.97","secret":"sixteen-octets!!","latitude":45.2}""", "longitude", "nas.longitude.missing", null, null)]
    [TestCase("""{"name":"borne 2","address":"192.0.2.98","secret":"sixteen-octets!!"}""", "name", "nas.name.character", "codePoint", "U+0020")]
    [TestCase("""{"name":"borne-x","address":"fe80::1%eth0","secret":"sixteen-octets!!"}""", "address", "nas.address.zone", "address", "fe80::1%eth0")]
    [TestCase("""{"name":"borne-y","address":"pas une adresse","secret":"sixteen-octets!!"}""", "address", "nas.address.unreadable", "address", "pas une adresse")]
    [TestCase("""{"name":"borne-z","address":"198.51.100.7","secret":"sixteen-octets!!"}""", "address", "nas.address.inUse", "name", "borne-fichier")]
    [TestCase("""{"name":"borne-fichier","address":"192.0.2.99","secret":"sixteen-octets!!"}""", "name", "nas.name.exists", "source", "configuration")]
    [TestCase("""{"name":"borne-t","address":"192.0.2.99","secret":"sixteen-octets!!","tenant":"mairie/annexe"}""", "tenant", "nas.tenant.topic", null, null)]
    public async Task Add_ARefusedValue_AnswersItsCodeAndValues(string body, string parameter, string code, string? arg, string? value)
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        ((int)status).Should().BeOneOf([400, 409], text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be(parameter);
        problem.GetProperty("error").GetString().Should().Be(problem.GetProperty("detail").GetString());
        problem.ShouldHaveRefusal(code, arg is null ? [] : [(arg, value!)]);
    }

    [TestCase("a/b", "'/'", TestName = "Add_NameWithASlash_Answers400NamingTheCharacter")]
    [TestCase("borne\nforged log line", "U+000A", TestName = "Add_NameWithALineBreak_Answers400NamingTheCodePoint")]
    [TestCase("borne 2", "U+0020", TestName = "Add_NameWithASpace_Answers400NamingTheCodePoint")]
    [TestCase(".", "starts with a letter or a digit", TestName = "Add_NameADot_Answers400")]
    [TestCase("..", "starts with a letter or a digit", TestName = "Add_NameTwoDots_Answers400")]
    [TestCase("ｂorne-1", "U+FF42", TestName = "Add_NameWithAFullwidthLetter_Answers400NamingTheCodePoint")]
    [TestCase("borne-٣", "U+0663", TestName = "Add_NameWithAnArabicIndicDigit_Answers400NamingTheCodePoint")]
    public async Task Add_NameOutsideLettersDigitsAndDotDashUnderscore_Answers400(string name, string named)
    {
        var body = JsonSerializer.Serialize(new { name, address = "192.0.2.60", secret = "sixteen-octets!!" });

        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("name");
        problem.GetProperty("error").GetString().Should().Contain(named);
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name == name);
    }

    [Test]
    public async Task Add_ANameDifferingOnlyByCase_Answers409_ADecomposedAccent400()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"Médiathèque-Été","address":"192.0.2.70","secret":"sixteen-octets!!"}""")).Status
            .Should().Be(HttpStatusCode.Created);

        // Written out: string.Normalize does nothing under invariant globalisation, as the helper's check found.
        var (decomposedStatus, decomposedText) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas",
            """{"name":"Me\u0301diathe\u0300que-E\u0301te\u0301","address":"192.0.2.71","secret":"sixteen-octets!!"}""");
        decomposedStatus.Should().Be(HttpStatusCode.BadRequest, decomposedText);
        decomposedText.Should().Contain("U+0301").And.Contain("type the accented letter itself");
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"MÉDIATHÈQUE-ÉTÉ","address":"192.0.2.72","secret":"sixteen-octets!!"}""");
        status.Should().Be(HttpStatusCode.Conflict, text);
        text.Should().Contain("Médiathèque-Été");
    }

    [Test]
    public async Task Add_ANameMixingScriptsBesideItsLookAlike_Answers409NamingTheCodePointAndTheExistingName()
    {
        // A new user's check: "borne-fichiеr" with a Cyrillic е (U+0435) was taken beside the configuration's borne-fichier.
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-fichi\u0435r","address":"192.0.2.91","secret":"sixteen-octets!!"}""");

        status.Should().Be(HttpStatusCode.Conflict, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("name");
        problem.GetProperty("error").GetString().Should().Contain("'е' (U+0435) is a Cyrillic letter among Latin letters").And.Contain("the existing terminal borne-fichier");
        problem.ShouldHaveRefusal("nas.name.lookAlike", ("character", "е"), ("codePoint", "U+0435"), ("script", "Cyrillic"), ("main", "Latin"), ("existing", "borne-fichier"));
    }

    [Test]
    public async Task Patch_ExplicitNullCoordinates_ClearThem_AbsentOnesKeepThem()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-ex-carte","address":"192.0.2.84","secret":"sixteen-octets!!","latitude":45.9,"longitude":6.1}"""))
            .Status.Should().Be(HttpStatusCode.Created);

        var (keptStatus, kept) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-ex-carte", """{"tenant":"mairie-c"}""");
        // A new user's check: a terminal once placed on the map could not be taken off it.
        var (status, text) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-ex-carte", """{"latitude":null,"longitude":null}""");

        keptStatus.Should().Be(HttpStatusCode.OK, kept);
        JsonDocument.Parse(kept).RootElement.GetProperty("latitude").GetDouble().Should().Be(45.9, "an absent member keeps its value");
        status.Should().Be(HttpStatusCode.OK, text);
        JsonDocument.Parse(text).RootElement.GetProperty("longitude").ValueKind.Should().Be(JsonValueKind.Null);
        var stored = await StoredAsync("borne-ex-carte");
        stored.Latitude.Should().BeNull();
        stored.Longitude.Should().BeNull();
        stored.Tenant.Should().Be("mairie-c");
    }

    [Test]
    public async Task Patch_ALatitudeAloneOnATerminalWithoutCoordinates_Answers400NamingLongitude_ButReplacesOneOfAPair()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-carte","address":"192.0.2.81","secret":"sixteen-octets!!"}""")).Status
            .Should().Be(HttpStatusCode.Created);

        var (status, text) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-carte", """{"latitude":45.9}""");

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("longitude");
        problem.GetProperty("error").GetString().Should().Contain("a latitude without a longitude");
        (await StoredAsync("borne-carte")).Latitude.Should().BeNull("nothing was changed");
        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-carte", """{"latitude":45.9,"longitude":6.1}""")).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-carte", """{"latitude":46.2}""")).Status
            .Should().Be(HttpStatusCode.OK, "the stored longitude makes the pair");
        (await StoredAsync("borne-carte")).Should().Match<NasClient>(n => n.Latitude == 46.2 && n.Longitude == 6.1);
    }

    [Test]
    public async Task Patch_AnEmptyTenantOrGroup_SetsItBackToDefault_AnAbsentOneKeepsIt()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-vide","address":"192.0.2.83","secret":"sixteen-octets!!","tenant":"mairie-v","group":"plein-air"}"""))
            .Status.Should().Be(HttpStatusCode.Created);

        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-vide", """{"coaPort":1700}""")).Status.Should().Be(HttpStatusCode.OK);
        (await StoredAsync("borne-vide")).Should().Match<NasClient>(n => n.Tenant == "mairie-v" && n.GroupName == "plein-air", "absent members keep their value");

        var (status, text) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-vide", """{"tenant":"","group":"  "}""");

        status.Should().Be(HttpStatusCode.OK, text);
        JsonDocument.Parse(text).RootElement.GetProperty("tenant").GetString().Should().Be("default");
        (await StoredAsync("borne-vide")).Should().Match<NasClient>(n => n.Tenant == "default" && n.GroupName == "default" && n.CoaPort == 1700);
    }

    [Test]
    public async Task Patch_WithAnotherName_Answers400_RenamingNothing()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-nom","address":"192.0.2.80","secret":"sixteen-octets!!"}""")).Status
            .Should().Be(HttpStatusCode.Created);

        var (status, text) = await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-nom", """{"name":"renamed","tenant":"t"}""");

        status.Should().Be(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("parameter").GetString().Should().Be("name");
        (await StoredAsync("borne-nom")).Tenant.Should().Be("default", "nothing was changed");
        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-nom", """{"name":"borne-nom","tenant":"t"}""")).Status.Should().Be(HttpStatusCode.OK, "its own name is no rename");
    }

    [TestCase("""{"name":"b-long","address":"192.0.2.90","secret":"x","group":"GROUP"}""", "group", TestName = "Add_GroupOver64Characters_Answers400NamingGroup")]
    [TestCase("""{"name":"b-long","address":"192.0.2.90","secret":"x","tenant":"mairie\nX"}""", "tenant", TestName = "Add_TenantWithALineBreak_Answers400NamingTenant")]
    [TestCase("""{"name":"b-long","address":"192.0.2.90","secret":"SECRET"}""", "secret", TestName = "Add_SecretOver128Octets_Answers400NamingSecret")]
    [TestCase("""{"name":"b-long","address":"192.0.2.90","secret":"x","tenant":"mairie/annexe"}""", "tenant", TestName = "Add_TenantWithASlash_Answers400NamingTenant")]
    [TestCase("""{"name":"b-long","address":"192.0.2.90","secret":"x","tenant":"mairie#1"}""", "tenant", TestName = "Add_TenantWithAHash_Answers400NamingTenant")]
    public async Task Add_OverlongOrControlCharacters_Answers400(string template, string parameter)
    {
        var body = template.Replace("GROUP", new string('g', 65), StringComparison.Ordinal).Replace("SECRET", new string('s', 129), StringComparison.Ordinal);

        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("parameter").GetString().Should().Be(parameter);
    }

    [Test]
    public async Task Delete_RemovesTheClient_ThenAnswers404()
    {
        (await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"borne-fin","address":"192.0.2.30","secret":"x"}""")).Status.Should().Be(HttpStatusCode.Created);

        (await SendAsync(_collector, HttpMethod.Delete, "/api/admin/nas/borne-fin")).Status.Should().Be(HttpStatusCode.NoContent);

        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name == "borne-fin");
        Hotspot.GetRequiredService<NasClientRegistry>().Clients.Should().NotContain(c => c.Name == "borne-fin");
        (await SendAsync(_collector, HttpMethod.Delete, "/api/admin/nas/borne-fin")).Status.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(_collector, HttpMethod.Patch, "/api/admin/nas/borne-fin", """{"tenant":"t"}""")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    // Each refused value is named in "parameter", and nothing is stored.
    [TestCase("""{"address":"192.0.2.40","secret":"x"}""", "name", TestName = "Add_WithoutName_Answers400NamingName")]
    [TestCase("""{"name":"b","secret":"x"}""", "address", TestName = "Add_WithoutAddress_Answers400NamingAddress")]
    [TestCase("""{"name":"b","address":"192.0.2.40"}""", "secret", TestName = "Add_WithoutSecret_Answers400NamingSecret")]
    [TestCase("""{"name":"b","address":"not-an-address","secret":"x"}""", "address", TestName = "Add_BadAddress_Answers400NamingAddress")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","coaPort":70000}""", "coaPort", TestName = "Add_CoaPortOutOfRange_Answers400NamingCoaPort")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","coaPort":"three"}""", "coaPort", TestName = "Add_CoaPortNotANumber_Answers400NamingCoaPort")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","latitude":91}""", "latitude", TestName = "Add_LatitudeOutOfRange_Answers400NamingLatitude")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","longitude":-181}""", "longitude", TestName = "Add_LongitudeOutOfRange_Answers400NamingLongitude")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","latitude":45.9}""", "longitude", TestName = "Add_LatitudeWithoutLongitude_Answers400NamingLongitude")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","longitude":6.1}""", "latitude", TestName = "Add_LongitudeWithoutLatitude_Answers400NamingLatitude")]
    [TestCase("""{"name":"this-name-is-far-too-long-for-a-terminal-this-name-is-far-too-long-x","address":"192.0.2.40","secret":"x"}""", "name", TestName = "Add_NameTooLong_Answers400NamingName")]
    [TestCase("""not json""", "body", TestName = "Add_NotJson_Answers400NamingBody")]
    public async Task Add_BadValue_Answers400NamingTheField(string body, string parameter)
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var error = JsonDocument.Parse(text).RootElement;
        error.GetProperty("parameter").GetString().Should().Be(parameter);
        error.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name == "b");
    }

    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","coaPort":"three"}""", "coaPort", "a whole number")]
    [TestCase("""{"name":"b","address":"192.0.2.40","secret":"x","latitude":"north"}""", "latitude", "a number")]
    [TestCase("""{"name":7,"address":"192.0.2.40","secret":"x"}""", "name", "a string")]
    public async Task Add_WrongJsonType_Answers400Problem_InPlainWords(string body, string member, string expected)
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", body);

        status.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("path").GetString().Should().Be("$." + member);
        problem.GetProperty("expected").GetString().Should().Be(expected);
        problem.GetProperty("detail").GetString().Should().Be($"{member}: expected {expected}");
        text.Should().NotContain("System.").And.NotContain("NasClientRequest").And.NotContain("Nullable");
    }

    // Each case: a JSON text sent with another media type, refused as the controller's admin API refuses it.
    [TestCase("POST", "/api/admin/nas", """{"name":"borne-texte","address":"192.0.2.82","secret":"sixteen-octets!!"}""")]
    [TestCase("PATCH", "/api/admin/nas/borne-texte", """{"tenant":"t"}""")]
    public async Task AddOrChange_WithATextPlainBody_Answers415NamingTheBody_AndChangesNothing(string method, string path, string body)
    {
        var (status, text) = await SendAsync(_collector, new HttpMethod(method), path, body, "text/plain");

        status.Should().Be(HttpStatusCode.UnsupportedMediaType, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(415);
        problem.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.16");
        problem.GetProperty("parameter").GetString().Should().Be("body");
        problem.GetProperty("error").GetString().Should().StartWith("the body must be JSON (Content-Type: application/json), not text/plain");
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Should().NotContain(n => n.Name == "borne-texte");
    }

    [Test]
    public async Task Add_CoaPortOutOfRange_NamesTheMemberAsSent()
    {
        var (status, text) = await SendAsync(_collector, HttpMethod.Post, "/api/admin/nas", """{"name":"b","address":"192.0.2.40","secret":"x","coaPort":70000}""");

        status.Should().Be(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("error").GetString().Should().Be("coaPort: 70000 is not 1 to 65535");
    }

    [TestCase("GET", "/api/admin/nas", null)]
    [TestCase("POST", "/api/admin/nas", """{"name":"b","address":"192.0.2.40","secret":"x"}""")]
    [TestCase("PATCH", "/api/admin/nas/b", """{"tenant":"t"}""")]
    [TestCase("DELETE", "/api/admin/nas/b", null)]
    public async Task WithoutBundledController_EveryRoute_Answers404SayingWhy(string method, string path, string? body)
    {
        var (status, text) = await SendAsync(_alone, new HttpMethod(method), path, body);

        status.Should().Be(HttpStatusCode.NotFound);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(404);
        problem.GetProperty("detail").GetString().Should().Be(NasClientsApi.NotBundledMessage);
        problem.GetProperty("error").GetString().Should().Be(NasClientsApi.NotBundledMessage);
    }

    private async Task<NasClient> StoredAsync(string name) =>
        (await Hotspot.GetRequiredService<NasClientStore>().ListAsync(CancellationToken.None)).Single(n => n.Name == name);

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(CollectorHarness collector, HttpMethod method, string path, string? body = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        using var response = await collector.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
