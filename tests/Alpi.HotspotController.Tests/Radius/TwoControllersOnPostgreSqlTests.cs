using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// Two controllers on one PostgreSQL database, started together, answering as a terminal's primary and secondary
/// RADIUS servers (deployment mode 3), with FreeRADIUS's radclient as the terminal: what one learns, the other knows.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class TwoControllersOnPostgreSqlTests
{
    private const string Signed = "Message-Authenticator = 0x00";
    private RadiusHarness _primary = null!;
    private RadiusHarness _secondary = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var connectionString = await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Hotspot:Storage:Provider"] = StorageOptions.PostgreSql,
            ["Hotspot:Storage:ConnectionString"] = connectionString,
        };

        // Both migrate the empty database at once; the advisory lock lets one apply the schema and the other find it.
        var started = await Task.WhenAll(RadiusHarness.StartAsync(settings, storeNas: false), RadiusHarness.StartAsync(settings, storeNas: false));
        (_primary, _secondary) = (started[0], started[1]);

        // The terminal is declared once, through the primary; the secondary reads it from the shared database.
        await _primary.Get<NasClientStore>().UpsertAsync(
            new NasClient { Name = RadiusHarness.NasName, Address = "127.0.0.1", Secret = RadiusHarness.Secret, GroupName = RadiusHarness.NasGroup }, CancellationToken.None);
        await _primary.Get<NasClientRegistry>().RefreshAsync(CancellationToken.None);
        await _secondary.Get<NasClientRegistry>().RefreshAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _primary.DisposeAsync();
        await _secondary.DisposeAsync();
    }

    [Test]
    public async Task AUserRegisteredThroughOne_IsAcceptedByTheOther()
    {
        var added = await _primary.Get<HotspotAdministration>().AddUserAsync("roamer@example.org", "correct horse", null, "test", CancellationToken.None);
        added.Status.Should().Be(AdminStatus.Ok, added.Error);

        var (exit, output) = await Radclient.RunAsync(_secondary.AuthPort, "auth", $"User-Name = \"Roamer@Example.org\", User-Password = \"correct horse\", {Signed}");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Access-Accept");
        (await _secondary.Get<HotspotAdministration>().AddUserAsync("ROAMER@example.org", "another one", null, "test", CancellationToken.None))
            .Status.Should().Be(AdminStatus.Conflict, "the login is taken on the shared database, whatever its case");
    }

    [Test]
    public async Task ADeviceRegisteredThroughOne_IsRecognisedByTheOther()
    {
        var account = (await _primary.Get<AccountStore>().CreateAsync("phone-owner@example.org", null, AccountPasswords.Hash("correct horse"), null, TimeProvider.System.GetUtcNow(), CancellationToken.None))!;
        var token = await _primary.Get<LogonTokenStore>().IssueAsync(account.Login, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);

        // The portal's logon, through the primary, registers the device...
        var (loginExit, loginOutput) = await Radclient.RunAsync(_primary.AuthPort, "auth",
            $"User-Name = \"phone-owner@example.org\", User-Password = \"{token}\", Calling-Station-Id = \"02-00-00-00-0a-01\", {Signed}");
        loginExit.Should().Be(0, loginOutput);

        // ...which roams to a terminal whose primary is the other controller, and is recognised by its MAC.
        var (exit, output) = await Radclient.RunAsync(_secondary.AuthPort, "auth",
            $"User-Name = \"02-00-00-00-0A-01\", User-Password = \"02-00-00-00-0A-01\", Calling-Station-Id = \"02-00-00-00-0A-01\", {Signed}");

        exit.Should().Be(0, output);
        (await _secondary.Get<DeviceStore>().FindAsync(MacAddress.Parse("02:00:00:00:0a:01"), CancellationToken.None))!.Login.Should().Be("phone-owner@example.org");
    }

    [Test]
    public async Task AnAccountingStartOnOne_AndTheStopOnTheOther_CloseTheSameSession()
    {
        const string common = "Acct-Session-Id = \"two-1\", User-Name = \"02-00-00-00-0b-01\", Calling-Station-Id = \"02:00:00:00:0b:01\", NAS-Identifier = \"borne-place\"";

        (await Radclient.RunAsync(_primary.AcctPort, "acct", $"Acct-Status-Type = Start, {common}")).ExitCode.Should().Be(0);
        (await _secondary.Get<SessionStore>().CountOpenByNasAsync(CancellationToken.None)).Should().Contain(RadiusHarness.NasName, 1);

        // The primary stopped answering: the terminal sends the rest to the secondary.
        (await Radclient.RunAsync(_secondary.AcctPort, "acct", $"Acct-Status-Type = Interim-Update, {common}, Acct-Session-Time = 60, Acct-Output-Octets = 7000")).ExitCode.Should().Be(0);
        var (exit, output) = await Radclient.RunAsync(_secondary.AcctPort, "acct",
            $"Acct-Status-Type = Stop, {common}, Acct-Session-Time = 90, Acct-Output-Octets = 9000, Acct-Terminate-Cause = User-Request");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Accounting-Response");
        var session = await _primary.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "two-1", CancellationToken.None);
        session!.StoppedUnixMs.Should().NotBeNull();
        session.OutputOctets.Should().Be(9000);
        session.TerminateCause.Should().Be("User-Request");
        session.Mac.Should().Be("02-00-00-00-0B-01");
        (await _primary.Get<SessionStore>().ListOpenAsync(RadiusHarness.NasName, CancellationToken.None)).Select(s => s.AcctSessionId).Should().NotContain("two-1");
    }
}
