using System.Net.Http.Headers;
using System.Text.Json;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Cli;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Tests.Coa;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;

namespace Alpi.HotspotController.Tests.Cli;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class HotspotCliTests(string provider)
{
    private HotspotTestDatabase _db = null!;

    [SetUp]
    public async Task SetUp() => _db = await HotspotTestDatabase.CreateAsync(provider);

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    /// <summary>Runs the CLI in-process on the test database, as <c>Alpi.HotspotController ARGS --Hotspot:DataDirectory=… [--Hotspot:Storage:…]</c>.</summary>
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="stdin"/> piped on standard input (not a terminal).</summary>
    private async Task<(int Code, string Output, string Error)> RunWithInputAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HotspotCli.RunAsync([.. args, .. _db.Switches], new Alpi.Protocols.Cli.SecretInput.Source(input, false, error), output, error);
        return (code, output.ToString(), error.ToString());
    }

    // Each case: a command line, and whether it goes to the CLI rather than the daemon.
    [TestCase(new[] { "users", "list" }, true)]
    [TestCase(new[] { "--Hotspot:DataDirectory=/srv/hotspot", "nas", "list" }, true)]
    [TestCase(new[] { "--Hotspot:DataDirectory", "/srv/hotspot", "export" }, true)]
    [TestCase(new[] { "--help" }, true)]
    // The daemon's own switches.
    [TestCase(new[] { "--Hotspot:Radius:AuthPort=11812" }, false)]
    [TestCase(new string[0], false)]
    public void IsCommand_RecognisesVerbsAfterConfigurationSwitches(string[] args, bool expected)
    {
        HotspotCli.IsCommand(args).Should().Be(expected);
    }

    [Test]
    public async Task NasAdd_ThenList_ShowsItWithoutItsSecret()
    {
        var add = await RunWithInputAsync("s3cret-value\n", "nas", "add", "mediatheque", "--address", "192.0.2.10", "--group", "libraries", "--tenant", "ville", "--no-message-authenticator", "--coa-port", "1700");
        add.Code.Should().Be(0, add.Error);
        add.Output.Should().Contain("NAS mediatheque (192.0.2.10) saved");

        var list = await RunAsync("nas", "list");

        list.Code.Should().Be(0);
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Should().MatchRegex("^NAME +ADDRESS +TENANT +GROUP +MESSAGE-AUTHENTICATOR +COA-PORT$");
        lines[1].Should().MatchRegex("^mediatheque +192.0.2.10 +ville +libraries +optional +1700$");
        list.Output.Should().NotContain("s3cret-value");
        (await new AuditLog(_db.Database, TimeProvider.System).ListAsync(1, AuditActions.NasUpsert, CancellationToken.None))[0].Actor.Should().StartWith("cli:");
    }

    // Each case: an address inet_aton reads otherwise than meant (the short form was saved as 10.0.0.2, the octal one as 8.0.0.1), and what the refusal says.
    [TestCase("10.2", "has 2 parts (inet_aton reads it as 10.0.0.2)")]
    [TestCase("010.0.0.1", "the part 010 has a leading zero, which inet_aton reads as octal (inet_aton reads it as 8.0.0.1); write 10.0.0.1")] // a new user's check
    [TestCase("010.0.0.0/8", "the part 010 has a leading zero")]
    public async Task NasAdd_AnAddressReadOtherwiseThanMeant_IsRefusedNamingIt(string address, string said)
    {
        var add = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "annexe", "--address", address);

        add.Code.Should().Be(2, add.Output);
        add.Error.Should().Contain($"address: '{address}'").And.Contain(said);
        (await RunAsync("nas", "list")).Output.Should().NotContain("annexe");
    }

    [Test]
    public async Task NasAdd_AShortSecret_IsSavedWithAWarning_ALongOneWithout()
    {
        var shortOne = await RunWithInputAsync("abc\n", "nas", "add", "borne-courte", "--address", "192.0.2.11");
        var longOne = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-longue", "--address", "192.0.2.12");

        shortOne.Code.Should().Be(0, shortOne.Error);
        shortOne.Output.Should().Contain("NAS borne-courte (192.0.2.11) saved");
        shortOne.Error.Should().Contain("warning: the shared secret of borne-courte has 3 octets; RFC 2865 §3 recommends at least 16");
        longOne.Code.Should().Be(0, longOne.Error);
        longOne.Error.Should().BeEmpty();
    }

    [Test]
    public async Task NasAdd_ANameWithACyrillicLetterBesideItsLatinLookAlike_IsRefusedNamingTheCodePointAndTheExistingName()
    {
        (await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-1", "--address", "192.0.2.21")).Code.Should().Be(0);

        // A new user's check: "bornе-1" with a Cyrillic е (U+0435) was saved beside borne-1.
        var lookAlike = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "bornе-1", "--address", "192.0.2.22");

        lookAlike.Code.Should().Be(1, lookAlike.Output);
        lookAlike.Error.Should().Contain("'е' (U+0435) is a Cyrillic letter among Latin letters").And.Contain("the existing terminal borne-1");
        (await RunAsync("nas", "list")).Output.Should().NotContain("192.0.2.22");
    }

    [Test]
    public async Task NasAdd_ClearLocation_TakesTheTerminalOffTheMap_WithoutItTheCoordinatesAreKept()
    {
        var store = new NasClientStore(_db.Database);
        await store.UpsertAsync(new NasClient { Name = "borne-carte", Address = "192.0.2.31", Secret = "sixteen-octets!!", Latitude = 45.9, Longitude = 6.1 }, CancellationToken.None);

        var kept = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-carte", "--address", "192.0.2.31", "--tenant", "ville");
        var keptClient = (await store.ListAsync(CancellationToken.None)).Single();
        // A new user's check: a terminal once placed on the map could not be taken off it.
        var cleared = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-carte", "--address", "192.0.2.31", "--clear-location");

        kept.Code.Should().Be(0, kept.Error);
        keptClient.Latitude.Should().Be(45.9);
        cleared.Code.Should().Be(0, cleared.Error);
        var client = (await store.ListAsync(CancellationToken.None)).Single();
        client.Latitude.Should().BeNull();
        client.Longitude.Should().BeNull();
    }

    [Test]
    public async Task NasAdd_OnAnExistingTerminal_KeepsEveryOptionNotGiven_AsItsHelpSays()
    {
        // A new user's check: the tenant set through the admin API was kept while the help said it defaulted, and the
        // Message-Authenticator setting was reset to required; every option not given now keeps its value.
        var store = new NasClientStore(_db.Database);
        await store.UpsertAsync(new NasClient
        {
            Name = "borne-api", Address = "192.0.2.41", Secret = "sixteen-octets!!", Tenant = "ville", GroupName = "libraries",
            RequireMessageAuthenticator = false, CoaPort = 1700, Latitude = 45.9, Longitude = 6.1,
        }, CancellationToken.None);

        var add = await RunWithInputAsync("another-sixteen!\n", "nas", "add", "borne-api", "--address", "192.0.2.42");
        var help = await RunAsync("nas", "add", "--help");

        add.Code.Should().Be(0, add.Error);
        var client = (await store.ListAsync(CancellationToken.None)).Single();
        client.Should().BeEquivalentTo(new { Address = "192.0.2.42", Secret = "another-sixteen!", Tenant = "ville", GroupName = "libraries", RequireMessageAuthenticator = false, CoaPort = 1700, Latitude = 45.9, Longitude = 6.1 });
        help.Output.Should().NotContain("(default: default)").And.Contain("an existing one keeps its own");

        var required = await RunWithInputAsync("another-sixteen!\n", "nas", "add", "borne-api", "--address", "192.0.2.42", "--require-message-authenticator", "--tenant", "", "--coa-port", "3799");
        required.Code.Should().Be(0, required.Error);
        (await store.ListAsync(CancellationToken.None)).Single().Should().BeEquivalentTo(new { Tenant = "default", GroupName = "libraries", RequireMessageAuthenticator = true, CoaPort = 3799 });
        var both = await RunWithInputAsync("another-sixteen!\n", "nas", "add", "borne-api", "--address", "192.0.2.42", "--require-message-authenticator", "--no-message-authenticator");
        both.Code.Should().Be(2);
        both.Error.Should().Contain("contradict each other");
    }

    [Test]
    public async Task NasAdd_ANewTerminalWithoutOptions_GetsTheDefaults()
    {
        var add = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-neuve", "--address", "192.0.2.43");

        add.Code.Should().Be(0, add.Error);
        (await new NasClientStore(_db.Database).ListAsync(CancellationToken.None)).Single().Should().BeEquivalentTo(new { Tenant = "default", GroupName = "default", RequireMessageAuthenticator = true, CoaPort = 3799, Latitude = (double?)null });
    }

    [Test]
    public async Task NasAdd_AnAddressAnotherTerminalHas_IsRefused_NamingIt()
    {
        (await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "zz-mairie", "--address", "127.0.0.1")).Code.Should().Be(0);

        var second = await RunWithInputAsync("sixteen-octets!!\n", "nas", "add", "borne-1", "--address", "127.0.0.1");

        second.Code.Should().NotBe(0);
        second.Error.Should().Contain("127.0.0.1 is already the address of the terminal zz-mairie");
        (await RunAsync("nas", "list")).Output.Should().NotContain("borne-1");
        (await RunWithInputAsync("another-sixteen!\n", "nas", "add", "zz-mairie", "--address", "127.0.0.1")).Code.Should().Be(0, "a terminal keeps its own address");
    }

    // Each case: a bad command line, and what the error says; the usage follows on standard error.
    [TestCase(new[] { "nas", "add", "mairie" }, "Option '--address' is required.")]
    [TestCase(new[] { "users", "frobnicate" }, "frobnicate")]
    [TestCase(new[] { "users" }, "Required command was not provided.")]
    [TestCase(new[] { "nas", "add", "t", "--address", "192.0.2.1", "--coa-port", "many" }, "many")]
    [TestCase(new[] { "export", "--from", "2026-01-01", "--out", "x.csv" }, "Option '--to' is required.")]
    public async Task BadArguments_ExitWith2AndTheUsage(string[] args, string expected)
    {
        var (code, output, error) = await RunAsync(args);

        code.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain(expected).And.Contain("Usage:").And.Contain("Alpi.HotspotController " + args[0]);
    }

    [Test]
    public async Task BadValues_ExitWith2_UnknownOnes_With1()
    {
        (await RunAsync("devices", "add", "not-a-mac", "--user", "bob")).Code.Should().Be(2);
        (await RunWithInputAsync("s\n", "nas", "add", "t", "--address", "300.1.1.1")).Should().Match<(int Code, string Output, string Error)>(r => r.Code == 2 && r.Error.Contains("address:"));
        (await RunAsync("devices", "add", "aa:bb:cc:dd:ee:ff", "--user", "nobody")).Code.Should().Be(1);
        (await RunAsync("users", "block", "nobody")).Code.Should().Be(1);
        (await RunAsync("export", "--from", "last week", "--to", "2026-01-01", "--out", Path.Combine(_db.DataDirectory, "x.csv"))).Code.Should().Be(2);
    }

    [Test]
    public async Task UsersAdd_WithThePasswordAsAnArgument_IsRefused_SayingHowToGiveIt()
    {
        var add = await RunWithInputAsync("correct horse\n", "users", "add", "alice@example.org", "--password", "correct horse");

        add.Code.Should().Be(2);
        add.Error.Should().Contain("--password is not taken on the command line").And.Contain("--password-env").And.Contain("printf");
        (await RunAsync("users", "list")).Output.Should().NotContain("alice@example.org", "nothing was created");
    }

    [Test]
    public async Task UsersList_AlignsItsColumns_ForDecomposedAndWideLogins()
    {
        // A login written before logins were canonical (decomposed é: two code units, one column) and a Japanese one
        // (two columns a character): the EMAIL column used to start at different places on their lines.
        await _db.ExecuteAsync("INSERT INTO accounts (login, email, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
            + "('rene\u0301@example.org', 'mail-r@x.org', 'h', 0, 0), ('\u5C71\u7530@example.jp', 'mail-y@x.org', 'h', 0, 0), ('bob@example.org', 'mail-b@x.org', 'h', 0, 0)");

        var list = await RunAsync("users", "list");

        list.Code.Should().Be(0, list.Error);
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] emails = ["EMAIL", "mail-r@x.org", "mail-y@x.org", "mail-b@x.org"];
        var columns = emails.Select(email => lines.Single(l => l.Contains(email, StringComparison.Ordinal)))
            .Select((line, i) => TerminalColumns(line[..line.IndexOf(emails[i], StringComparison.Ordinal)]));
        columns.Should().AllBeEquivalentTo(Math.Max(TerminalColumns("rene\u0301@example.org"), TerminalColumns("bob@example.org")) + 2, list.Output);
    }

    /// <summary>Columns a terminal gives <paramref name="text"/>: one per user-perceived character, two for a CJK one (all this test holds).</summary>
    private static int TerminalColumns(string text)
    {
        var columns = 0;
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            columns += elements.GetTextElement()[0] >= '\u3000' ? 2 : 1;
        }

        return columns;
    }

    [Test]
    public async Task UsersAdd_WithoutAPassword_FailsWithAClearError()
    {
        var add = await RunAsync("users", "add", "alice@example.org");

        add.Code.Should().Be(2);
        add.Error.Should().StartWith("error: the password of alice@example.org was not given: type it at the prompt, pipe it");
        (await RunAsync("users", "list")).Output.Should().NotContain("alice@example.org");
    }

    [Test]
    public async Task UsersAdd_PasswordFromANamedEnvironmentVariable_OrRefusedWhenItIsUnset()
    {
        var variable = "HOTSPOT_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        var unset = await RunAsync("users", "add", "bob@example.org", "--password-env", variable);
        unset.Code.Should().Be(2);
        unset.Error.Should().Contain($"the environment variable {variable} that should hold the password of bob@example.org is not set or empty");

        Environment.SetEnvironmentVariable(variable, "correct horse");
        try
        {
            var add = await RunAsync("users", "add", "bob@example.org", "--password-env", variable);
            add.Code.Should().Be(0, add.Error);
            add.Output.Should().Contain("account bob@example.org created");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task UsersAdd_APasswordTooShortOnStandardInput_IsRefusedByTheAccountRules()
    {
        var add = await RunWithInputAsync("short\r\n", "users", "add", "carol@example.org");

        add.Code.Should().Be(2);
        add.Error.Should().Contain("password: at least 8 characters");
    }

    [Test]
    public async Task UsersAdd_APasswordOfMoreThan128OctetsInUtf8_IsRefused_AndOneOf128IsTaken()
    {
        // 65 accented letters are 130 octets: a PAP Access-Request could never carry it (RFC 2865 §5.2).
        var tooLong = await RunWithInputAsync(new string('é', 65) + "\n", "users", "add", "dave@example.org");
        tooLong.Code.Should().Be(2);
        tooLong.Error.Should().Contain("at most 128 octets").And.Contain("130");

        var longest = await RunWithInputAsync(new string('é', 64) + "\n", "users", "add", "dave@example.org");
        longest.Code.Should().Be(0, longest.Error);
    }

    [Test]
    public async Task UsersAdd_ALoginWithALineBreak_IsRefusedNamingTheCodePoint_AndNothingIsSaved()
    {
        // A new user's check: `echo pw | … users add $'x\ny'` saved it, and `users list` printed a broken table.
        var add = await RunWithInputAsync("correct horse\n", "users", "add", "x\ny");

        add.Code.Should().Be(2);
        add.Error.Should().Contain("login: a control character (U+000A) is not allowed");
        (await RunAsync("users", "list")).Output.Should().NotContain("x\ny").And.NotMatchRegex("(?m)^x");
    }

    [Test]
    public async Task UsersAdd_ALoginLeftApartInOtherSpellingsBySchema7_IsRefusedNamingThem()
    {
        // A new user's check: after the upgrade left José, JOSÉ and a decomposed josé apart, `users add ｊosé@…` (fullwidth
        // j, canonical josé@…, which none of them holds) created yet another account without a word.
        await _db.ExecuteAsync("INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
            + "('Jos\u00E9@example.org', 'h', 0, 0), ('JOS\u00C9@example.org', 'h', 0, 0), ('jose\u0301@example.org', 'h', 0, 0)");

        var add = await RunWithInputAsync("correct horse\n", "users", "add", "\uFF4Aos\u00E9@example.org");

        add.Code.Should().Be(1, add.Output);
        add.Error.Should().Contain("jos\u00E9@example.org (typed as \uFF4Aos\u00E9@example.org)")
            .And.Contain("\"Jos\u00E9@example.org\"").And.Contain("\"JOS\u00C9@example.org\"").And.Contain("\"jose\u0301@example.org\"")
            .And.Contain("users delete");
        (await RunAsync("users", "list")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4, "a header and the three accounts");
    }

    [Test]
    public async Task UserMessages_NameTheStoredLogin_AndWhatWasTypedWhenItDiffers()
    {
        // A new user's check: `users block ＡＬＩＣＥ@Example.ORG` said "account ＡＬＩＣＥ@Example.ORG blocked" while the
        // audit log had alice@example.org.
        const string typed = "\uFF21\uFF2C\uFF29\uFF23\uFF25@Example.ORG";
        var add = await RunWithInputAsync("correct horse\n", "users", "add", "Alice@Example.org");
        var again = await RunWithInputAsync("correct horse\n", "users", "add", typed);
        var block = await RunAsync("users", "block", typed);
        var unblock = await RunAsync("users", "unblock", "alice@example.org");
        var passwd = await RunWithInputAsync("battery staple\n", "users", "passwd", typed);
        var device = await RunAsync("devices", "add", "aabb.ccdd.ee09", "--user", typed);
        var delete = await RunAsync("users", "delete", typed, "--yes");

        add.Output.Should().Contain("account alice@example.org (typed as Alice@Example.org) created");
        again.Error.Should().Contain($"an account with the login alice@example.org (typed as {typed}) exists");
        block.Output.Should().Contain($"account alice@example.org (typed as {typed}) blocked");
        unblock.Output.Should().Contain("account alice@example.org unblocked").And.NotContain("typed as");
        passwd.Output.Should().Contain($"password of alice@example.org (typed as {typed}) replaced");
        device.Output.Should().Contain($"registered to alice@example.org (typed as {typed}) until");
        delete.Output.Should().Contain($"account alice@example.org (typed as {typed}) deleted");
        (await RunAsync("audit", "list", "--action", "user.block")).Output.Should().Contain("alice@example.org").And.NotContain(typed);
    }

    [Test]
    public async Task UsersAndDevices_AddListAndBlock()
    {
        (await RunWithInputAsync("correct horse\n", "users", "add", "alice@example.org", "--email", "alice@example.org")).Code.Should().Be(0);
        (await RunWithInputAsync("correct horse\n", "users", "add", "ALICE@example.org")).Should().Match<(int Code, string Output, string Error)>(r => r.Code == 1 && r.Error.Contains("exists"));
        (await RunAsync("devices", "add", "aabb.ccdd.ee01", "--user", "alice@example.org")).Output.Should().Contain("device AA-BB-CC-DD-EE-01 registered to alice@example.org");

        var block = await RunAsync("users", "block", "alice@example.org");
        block.Code.Should().Be(0);
        block.Output.Should().Contain("no open session to disconnect");

        (await RunAsync("devices", "list", "--user", "alice@example.org")).Output.Should().MatchRegex(@"AA-BB-CC-DD-EE-01 +alice@example.org +account ");
        (await RunAsync("users", "list")).Output.Should().MatchRegex(@"alice@example.org +alice@example.org +yes ");
    }

    [Test]
    public async Task SessionsDisconnect_SendsTheDisconnectRequestAndReportsTheAck()
    {
        await using var nas = new TestNas("terminal-secret", TestNas.Ack);
        (await RunWithInputAsync("terminal-secret\n", "nas", "add", "mairie", "--address", "127.0.0.1", "--coa-port", nas.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Code.Should().Be(0);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "80000001", UserName = "bob", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-02", FramedIp = "10.1.0.8", StartedUnixMs = now - 1000, UpdatedUnixMs = now });
        (await RunAsync("sessions", "list")).Output.Should().MatchRegex(@"mairie +80000001 +bob +AA-BB-CC-DD-EE-02 +10.1.0.8 ");

        var (code, output, _) = await RunAsync("sessions", "disconnect", "mairie", "80000001");

        code.Should().Be(0);
        output.Should().MatchRegex(@"mairie +80000001 +Acked +- +1");
        nas.Requests.Should().ContainSingle().Which.RequestAuthenticatorValid.Should().BeTrue();
    }

    [Test]
    public async Task UsersPasswd_ReplacesThePassword_AndRefusesAnUnknownLoginOrAShortPassword()
    {
        (await RunWithInputAsync("correct horse\n", "users", "add", "alice@example.org")).Code.Should().Be(0);

        var passwd = await RunWithInputAsync("battery staple\n", "users", "passwd", "alice@example.org");

        passwd.Code.Should().Be(0);
        passwd.Output.Should().Contain("password of alice@example.org replaced");
        var hash = await _db.PasswordHashAsync("alice@example.org");
        HotspotController.Accounts.AccountPasswords.Verify(hash!, "battery staple").Should().BeTrue();
        HotspotController.Accounts.AccountPasswords.Verify(hash!, "correct horse").Should().BeFalse();
        (await RunWithInputAsync("battery staple\n", "users", "passwd", "nobody@example.org")).Should().Match<(int Code, string Output, string Error)>(r => r.Code == 1 && r.Error.Contains("no account has the login nobody@example.org"));
        (await RunWithInputAsync("short\n", "users", "passwd", "alice@example.org")).Should().Match<(int Code, string Output, string Error)>(r => r.Code == 2 && r.Error.Contains("password: at least 8 characters"));
        (await RunAsync("users", "passwd", "alice@example.org", "--password", "battery staple")).Code.Should().Be(2, "a password on the command line is refused");
        (await _db.PasswordHashAsync("alice@example.org")).Should().Be(hash, "the refused attempts changed nothing");
        var audit = await RunAsync("audit", "list");
        audit.Output.Should().Contain("user.password").And.NotContain("battery staple");
    }

    [Test]
    public async Task UsersDelete_NeedsYes_ThenDisconnectsAndDeletesTheAccountAndItsDevices_TheConnectionLogStays()
    {
        await using var nas = new TestNas("terminal-secret", TestNas.Ack);
        (await RunWithInputAsync("terminal-secret\n", "nas", "add", "mairie", "--address", "127.0.0.1", "--coa-port", nas.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Code.Should().Be(0);
        (await RunWithInputAsync("correct horse\n", "users", "add", "alice@example.org")).Code.Should().Be(0);
        (await RunAsync("devices", "add", "aabb.ccdd.ee01", "--user", "alice@example.org")).Code.Should().Be(0);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "80000007", UserName = "AA-BB-CC-DD-EE-01", AccountLogin = "alice@example.org", Mac = "AA-BB-CC-DD-EE-01", FramedIp = "10.1.0.9", StartedUnixMs = now - 1000, UpdatedUnixMs = now });

        var refused = await RunAsync("users", "delete", "alice@example.org");

        refused.Code.Should().Be(2);
        refused.Error.Should().Contain("add --yes");
        (await RunAsync("users", "list")).Output.Should().Contain("alice@example.org");
        nas.Requests.Should().BeEmpty();

        var delete = await RunAsync("users", "delete", "alice@example.org", "--yes");

        delete.Code.Should().Be(0);
        delete.Output.Should().Contain("account alice@example.org deleted").And.MatchRegex(@"mairie +80000007 +Acked ");
        nas.Requests.Should().ContainSingle();
        (await RunAsync("users", "list")).Output.Should().NotContain("alice@example.org");
        (await RunAsync("devices", "list")).Output.Should().NotContain("AA-BB-CC-DD-EE-01");
        (await _db.SessionIdsAsync()).Should().Contain("80000007", "the connection log keeps its sessions for the legal year");
        (await RunAsync("users", "delete", "alice@example.org", "--yes")).Code.Should().Be(1);
        (await RunAsync("audit", "list")).Output.Should().Contain("user.delete");
    }

    [Test]
    public async Task Lists_OfPersonalData_AreAuditedAsServedReads_WithWhatWasAskedAndTheRowCount()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "S1", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-02", FramedIp = "10.1.0.8", StartedUnixMs = now - 1000, UpdatedUnixMs = now });

        (await RunAsync("users", "list")).Code.Should().Be(0);
        (await RunAsync("devices", "list")).Code.Should().Be(0);
        (await RunAsync("sessions", "list", "--nas", "mairie")).Output.Should().Contain("10.1.0.8");
        (await RunAsync("audit", "list", "--limit", "3")).Code.Should().Be(0);

        var entries = await new AuditLog(_db.Database, TimeProvider.System).ListAsync(10, null, CancellationToken.None);
        entries.Select(e => e.Action).Should().Equal(AuditActions.AuditList, AuditActions.SessionList, AuditActions.DeviceList, AuditActions.UserList);
        entries.Should().AllSatisfy(e => e.Actor.Should().Be("cli:" + Environment.UserName));
        entries[0].Details.Should().Be("""{"category":"personal-data","outcome":"served","limit":"3","rows":"3","channel":"cli","address":null}""");
        entries[1].Details.Should().Be("""{"category":"personal-data","outcome":"served","nas":"mairie","limit":"10000","rows":"1","channel":"cli","address":null}""");
        entries[3].Details.Should().Be("""{"category":"personal-data","outcome":"served","rows":"0","channel":"cli","address":null}""");
    }

    [Test]
    public async Task Lists_OfPersonalData_WhenTheAuditLogCannotBeWritten_PrintNothing_AndExit1()
    {
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "S1", AccountLogin = "bob", FramedIp = "10.1.0.8", StartedUnixMs = 1, UpdatedUnixMs = 2 });
        await _db.ExecuteAsync(_db.ConnectionString is null
            ? "CREATE TRIGGER audit_unwritable BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is full'); END;"
            : """
              CREATE FUNCTION audit_unwritable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is full'; END $$;
              CREATE TRIGGER audit_unwritable BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_unwritable();
              """);

        foreach (var verb in new[] { "users", "devices", "sessions", "audit" })
        {
            var (code, output, error) = await RunAsync(verb, "list");
            code.Should().Be(1, "{0} list serves nothing unaudited", verb);
            output.Should().BeEmpty("{0} list printed nothing, not even its header", verb);
            error.Should().Contain("the audit log is full");
        }
    }

    [Test]
    public async Task Export_WritesTheCsvFileNeverOverwritesItAndAuditsIt()
    {
        await _db.AddSessionAsync(new HotspotSession
        {
            Nas = "mairie", AcctSessionId = "S1", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-02", FramedIp = "10.1.0.7",
            StartedUnixMs = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), UpdatedUnixMs = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            StoppedUnixMs = new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
        });
        var file = Path.Combine(_db.DataDirectory, "requisition-42.csv");

        var (code, output, error) = await RunAsync("export", "--from", "2026-06-01T00:00:00Z", "--to", "2026-06-01T23:59:59Z", "--mac", "aa-bb-cc-dd-ee-02", "--out", file);

        code.Should().Be(0, error);
        output.Should().Contain("1 session(s) written to");
        (await File.ReadAllTextAsync(file)).Should().Be(
            "nas,nas_ip,acct_session_id,account,user_name,mac,ip,called_station_id,start_utc,stop_utc,input_octets,output_octets,terminate_cause,last_accounting_utc\r\n"
            + "mairie,,S1,bob,,AA-BB-CC-DD-EE-02,10.1.0.7,,2026-06-01T10:00:00.000Z,2026-06-01T11:00:00.000Z,0,0,,2026-06-01T10:00:00.000Z\r\n");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var entry = (await new AuditLog(_db.Database, TimeProvider.System).ListAsync(10, AuditActions.LegalLogExport, CancellationToken.None)).Should().ContainSingle().Subject;
        entry.Actor.Should().Be("cli:" + Environment.UserName);
        entry.Details.Should().Contain("\"mac\":\"AA-BB-CC-DD-EE-02\"").And.Contain("\"rows\":\"1\"").And.Contain("\"channel\":\"cli\"");

        (await RunAsync("export", "--from", "2026-06-01", "--to", "2026-06-02", "--out", file)).Should().Match<(int Code, string Output, string Error)>(r => r.Code == 1 && r.Error.Contains("never overwrites"));
    }

    [Test]
    [Category("Integration")]
    public async Task Cli_WhileTheDaemonRuns_SharesItsDatabase()
    {
        var url = $"http://127.0.0.1:{FreePort.Tcp()}";
        const string token = "admin-token-0123456789abcdef0123456789";
        await using var app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            .. _db.Settings,
            new("Hotspot:Portal:Url", url),
            new("Hotspot:Radius:AuthPort", FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Hotspot:Radius:AcctPort", FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Hotspot:Admin:Tokens:0:Name", "ops"), new("Hotspot:Admin:Tokens:0:Token", token), new("Hotspot:Admin:Tokens:0:Role", "admin"),
        ]));
        await app.StartAsync();
        try
        {
            (await RunWithInputAsync("s3cret\n", "nas", "add", "kiosque", "--address", "192.0.2.33")).Code.Should().Be(0);

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/nas");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var nas = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Should().ContainSingle().Subject;
            nas.GetProperty("name").GetString().Should().Be("kiosque");
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
