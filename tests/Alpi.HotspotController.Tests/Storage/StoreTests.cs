using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>The stores' behaviour, the same on SQLite and on PostgreSQL.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class StoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private HotspotTestDatabase _test = null!;
    private HotspotDatabase _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _test = await HotspotTestDatabase.CreateAsync(provider);
        _db = _test.Database;
    }

    [TearDown]
    public async Task TearDown() => await _test.DisposeAsync();

    [Test]
    public async Task Migrations_are_applied_once()
    {
        await _db.MigrateAsync(CancellationToken.None);
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version";
        Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(7);
        _db.Dialect.Migrations.Should().HaveCount(7);
    }

    [Test]
    public async Task Accounts_have_unique_case_insensitive_logins_and_hashed_passwords()
    {
        var accounts = new AccountStore(_db);
        var alice = await accounts.CreateAsync("alice@example.org", "alice@example.org", AccountPasswords.Hash("correct horse"), T0, T0, CancellationToken.None);
        alice.Should().NotBeNull();
        alice!.PasswordHash.Should().NotContain("correct horse");
        AccountPasswords.Verify(alice.PasswordHash, "correct horse").Should().BeTrue();
        AccountPasswords.Verify(alice.PasswordHash, "wrong horse").Should().BeFalse();
        (await accounts.CreateAsync("ALICE@example.org", null, AccountPasswords.Hash("another one"), null, T0, CancellationToken.None)).Should().BeNull();
        (await accounts.FindByLoginAsync("Alice@Example.org", CancellationToken.None))!.Id.Should().Be(alice.Id);
    }

    [Test]
    public async Task A_device_moves_between_accounts_and_the_oldest_goes_beyond_the_limit()
    {
        var accounts = new AccountStore(_db);
        var devices = new DeviceStore(_db);
        var alice = (await accounts.CreateAsync("alice", null, AccountPasswords.Hash("password1"), null, T0, CancellationToken.None))!;
        var bob = (await accounts.CreateAsync("bob", null, AccountPasswords.Hash("password2"), null, T0, CancellationToken.None))!;
        var phone = MacAddress.Parse("aa:bb:cc:dd:ee:01");
        await devices.RegisterAsync(phone, alice.Id, T0, TimeSpan.FromDays(90), 2, CancellationToken.None);
        await devices.RegisterAsync(MacAddress.Parse("aa:bb:cc:dd:ee:02"), alice.Id, T0.AddMinutes(1), TimeSpan.FromDays(90), 2, CancellationToken.None);
        await devices.RegisterAsync(MacAddress.Parse("aa:bb:cc:dd:ee:03"), alice.Id, T0.AddMinutes(2), TimeSpan.FromDays(90), 2, CancellationToken.None);
        (await devices.ListForAccountAsync(alice.Id, CancellationToken.None)).Select(d => d.Mac).Should().Equal("AA-BB-CC-DD-EE-03", "AA-BB-CC-DD-EE-02");

        var moved = await devices.RegisterAsync(MacAddress.Parse("aa:bb:cc:dd:ee:02"), bob.Id, T0.AddMinutes(3), TimeSpan.FromDays(90), 2, CancellationToken.None);
        moved.Login.Should().Be("bob");
        moved.IsRecognisedAt(T0.AddDays(89)).Should().BeTrue();
        moved.IsRecognisedAt(T0.AddDays(91)).Should().BeFalse();
    }

    [Test]
    public async Task A_blocked_device_stays_blocked_when_another_account_registers_it()
    {
        // The block is the device's: registering the MAC to a new account used to reset it (a citizen un-blocked a device
        // by creating an account from it).
        var accounts = new AccountStore(_db);
        var devices = new DeviceStore(_db);
        var alice = (await accounts.CreateAsync("alice", null, AccountPasswords.Hash("password1"), null, T0, CancellationToken.None))!;
        var carol = (await accounts.CreateAsync("carol", null, AccountPasswords.Hash("password2"), null, T0, CancellationToken.None))!;
        var phone = MacAddress.Parse("AA-BB-CC-DD-EE-02");
        await devices.RegisterAsync(phone, alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await devices.SetBlockedAsync(phone, true, CancellationToken.None);

        var moved = await devices.RegisterAsync(phone, carol.Id, T0.AddMinutes(1), TimeSpan.FromDays(90), 5, CancellationToken.None);

        moved.Login.Should().Be("carol");
        moved.Blocked.Should().BeTrue();
        moved.IsRecognisedAt(T0.AddMinutes(2)).Should().BeFalse();
        (await devices.FindAsync(phone, CancellationToken.None))!.Blocked.Should().BeTrue();
    }

    [Test]
    public async Task Renewal_slides_the_validity_and_blocking_the_account_blocks_its_devices()
    {
        var accounts = new AccountStore(_db);
        var devices = new DeviceStore(_db);
        var alice = (await accounts.CreateAsync("alice", null, AccountPasswords.Hash("password1"), null, T0, CancellationToken.None))!;
        var phone = MacAddress.Parse("aabb.ccdd.ee01");
        await devices.RegisterAsync(phone, alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await devices.RenewAsync(phone, T0.AddDays(80), TimeSpan.FromDays(90), CancellationToken.None);
        (await devices.FindAsync(phone, CancellationToken.None))!.IsRecognisedAt(T0.AddDays(160)).Should().BeTrue();
        (await accounts.FindByIdAsync(alice.Id, CancellationToken.None))!.LastActiveUnixMs.Should().Be(T0.AddDays(80).ToUnixTimeMilliseconds());

        await accounts.SetBlockedAsync("alice", true, CancellationToken.None);
        (await devices.FindAsync(phone, CancellationToken.None))!.IsRecognisedAt(T0.AddDays(81)).Should().BeFalse();
    }

    [Test]
    public async Task Deleting_an_account_deletes_its_devices_and_tokens()
    {
        var accounts = new AccountStore(_db);
        var devices = new DeviceStore(_db);
        var tokens = new LogonTokenStore(_db);
        var alice = (await accounts.CreateAsync("alice", null, AccountPasswords.Hash("password1"), null, T0, CancellationToken.None))!;
        var phone = MacAddress.Parse("aabbccddee01");
        await devices.RegisterAsync(phone, alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await tokens.IssueAsync("alice", phone.Value, T0, TimeSpan.FromMinutes(2), CancellationToken.None);

        (await accounts.DeleteAsync(alice.Id, CancellationToken.None)).Should().BeTrue();
        (await devices.FindAsync(phone, CancellationToken.None)).Should().BeNull();
        (await tokens.ListValidAsync("alice", T0, CancellationToken.None)).Should().BeEmpty();
    }

    // SQLite gave a new account the largest id + 1: deleting carol, the newest, handed her id (and her terminals'
    // Class, alpi:<id>:…) to dave.
    [Test]
    public async Task Deleting_the_newest_account_does_not_give_its_id_to_the_next()
    {
        var accounts = new AccountStore(_db);
        var carol = (await accounts.CreateAsync("carol", null, AccountPasswords.Hash("password1"), null, T0, CancellationToken.None))!;
        (await accounts.DeleteAsync(carol.Id, CancellationToken.None)).Should().BeTrue();

        var dave = (await accounts.CreateAsync("dave", null, AccountPasswords.Hash("password2"), null, T0, CancellationToken.None))!;

        dave.Id.Should().BeGreaterThan(carol.Id);
    }

    [Test]
    public async Task Logon_tokens_expire_and_are_single_use()
    {
        var tokens = new LogonTokenStore(_db);
        var token = await tokens.IssueAsync("alice", null, T0, TimeSpan.FromMinutes(2), CancellationToken.None);
        token.Should().MatchRegex("^[0-9a-f]{24}$");
        (await tokens.ListValidAsync("ALICE", T0.AddMinutes(1), CancellationToken.None)).Should().Equal(new LogonToken(token, T0.AddMinutes(2).ToUnixTimeMilliseconds()));
        (await tokens.ListValidAsync("alice", T0.AddMinutes(3), CancellationToken.None)).Should().BeEmpty();
        (await tokens.ConsumeAsync("alice", token, CancellationToken.None)).Should().BeTrue();
        (await tokens.ConsumeAsync("alice", token, CancellationToken.None)).Should().BeFalse();
    }

    [Test]
    public async Task NAS_clients_take_an_address_or_a_network()
    {
        var nas = new NasClientStore(_db);
        await nas.UpsertAsync(new NasClient { Name = "mediatheque", Address = "127.0.0.0/8", Secret = "s3cret", GroupName = "libraries" }, CancellationToken.None);
        await nas.UpsertAsync(new NasClient { Name = "mairie", Address = "::1", Secret = "other", RequireMessageAuthenticator = false }, CancellationToken.None);
        var all = await nas.ListAsync(CancellationToken.None);
        all.Select(n => n.Name).Should().Equal("mairie", "mediatheque");
        all[0].Network.Contains(System.Net.IPAddress.IPv6Loopback).Should().BeTrue();
        all[0].RequireMessageAuthenticator.Should().BeFalse();
        all[1].Network.Contains(System.Net.IPAddress.Parse("127.0.0.9")).Should().BeTrue();
        all[1].GroupName.Should().Be("libraries");

        var bad = () => nas.UpsertAsync(new NasClient { Name = "x", Address = "not-an-ip", Secret = "s" }, CancellationToken.None);
        await bad.Should().ThrowAsync<FormatException>().WithMessage("*'not-an-ip'*");
    }

    [Test]
    public async Task A_NAS_client_is_replaced_by_name_with_its_flags_port_and_coordinates()
    {
        var nas = new NasClientStore(_db);
        await nas.UpsertAsync(new NasClient { Name = "kiosque", Address = "192.0.2.1", Secret = "a" }, CancellationToken.None);
        await nas.UpsertAsync(new NasClient
        {
            Name = "kiosque", Address = "192.0.2.2", Secret = "b", Tenant = "ville", GroupName = "outdoor",
            RequireMessageAuthenticator = false, CoaPort = 1700, Latitude = 45.764043, Longitude = 4.835659,
        }, CancellationToken.None);

        var client = (await nas.ListAsync(CancellationToken.None)).Should().ContainSingle().Subject;
        client.Should().Be(new NasClient
        {
            Name = "kiosque", Address = "192.0.2.2", Secret = "b", Tenant = "ville", GroupName = "outdoor",
            RequireMessageAuthenticator = false, CoaPort = 1700, Latitude = 45.764043, Longitude = 4.835659,
        });
        (await nas.RemoveAsync("kiosque", CancellationToken.None)).Should().BeTrue();
        (await nas.RemoveAsync("kiosque", CancellationToken.None)).Should().BeFalse();
    }

    [Test]
    public async Task Verification_and_activity_only_move_forward()
    {
        var accounts = new AccountStore(_db);
        var alice = (await accounts.CreateAsync("alice", "alice@example.org", AccountPasswords.Hash("password1"), T0, T0, CancellationToken.None))!;
        alice.EmailVerified.Should().BeFalse();
        alice.Blocked.Should().BeFalse();
        alice.TermsAcceptedUnixMs.Should().Be(T0.ToUnixTimeMilliseconds());

        (await accounts.SetEmailVerifiedAsync(alice.Id, CancellationToken.None)).Should().BeTrue();
        await accounts.TouchAsync(alice.Id, T0.AddDays(2), CancellationToken.None);
        await accounts.TouchAsync(alice.Id, T0.AddDays(1), CancellationToken.None);

        var read = (await accounts.FindByIdAsync(alice.Id, CancellationToken.None))!;
        read.EmailVerified.Should().BeTrue();
        read.LastActiveUnixMs.Should().Be(T0.AddDays(2).ToUnixTimeMilliseconds(), "a late, older touch does not move the activity back");
        (await accounts.SetPasswordHashAsync("ALICE", AccountPasswords.Hash("password2"), CancellationToken.None)).Should().BeTrue("logins ignore case");
        (await accounts.SetBlockedAsync("nobody", true, CancellationToken.None)).Should().BeFalse();
    }

    [Test]
    public async Task The_audit_log_lists_the_newest_first_and_filters_by_action()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var audit = new AuditLog(_db, time);
        var first = await audit.WriteAsync("ops", AuditActions.UserAdd, [new("login", "alice"), new("note", null)], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await audit.WriteAsync("cli:root", AuditActions.NasUpsert, null, CancellationToken.None);

        second.Should().BeGreaterThan(first);
        (await audit.ListAsync(10, null, CancellationToken.None)).Should().Equal(
            new AuditEntry(second, T0.AddSeconds(1).ToUnixTimeMilliseconds(), "cli:root", AuditActions.NasUpsert, null),
            new AuditEntry(first, T0.ToUnixTimeMilliseconds(), "ops", AuditActions.UserAdd, "{\"login\":\"alice\",\"note\":null}"));
        (await audit.ListAsync(10, AuditActions.UserAdd, CancellationToken.None)).Select(e => e.Id).Should().Equal(first);
        (await audit.ListAsync(1, null, CancellationToken.None)).Select(e => e.Id).Should().Equal(second);
    }
}
