using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Storage;
using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Storage;

public class StoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private TempDirectory _dir = null!;
    private HotspotDatabase _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = new TempDirectory("alpi-hotspot");
        _db = new HotspotDatabase(Path.Combine(_dir.Path, "hotspot.db"));
        await _db.MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Test]
    public async Task Migrations_are_applied_once()
    {
        await _db.MigrateAsync(CancellationToken.None);
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(3);
    }

    [Test]
    public async Task Migration2_indexes_the_legal_export_searches()
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' ORDER BY name";
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        indexes.Should().Contain(["sessions_framed_ip", "sessions_mac", "sessions_account_login"]);
        (await PlanAsync(connection, "framed_ip = '10.1.0.5'")).Should().Contain("sessions_framed_ip");
        (await PlanAsync(connection, "mac = '02-00-00-00-00-01'")).Should().Contain("sessions_mac");

        // The two sides of ConnectionLogQuery's account condition, compared case-insensitively: a BINARY index would not serve them.
        (await PlanAsync(connection, "account_login = 'Zoe@example.org' COLLATE NOCASE")).Should().Contain("sessions_account_login");
        (await PlanAsync(connection, "user_name = 'Zoe@example.org' COLLATE NOCASE")).Should().Contain("sessions_user_name");
    }

    private static async Task<string> PlanAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string condition)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM sessions WHERE " + condition;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(3));
        }

        return plan.ToString();
    }

    [Test]
    public async Task Connections_commit_durably_in_WAL_mode()
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(2, "FULL: an Accounting-Response is sent only once the session is on disk");
        command.CommandText = "PRAGMA journal_mode";
        ((string)(await command.ExecuteScalarAsync())!).Should().Be("wal");
        command.CommandText = "PRAGMA foreign_keys";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(1);
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

    [Test]
    public async Task Logon_tokens_expire_and_are_single_use()
    {
        var tokens = new LogonTokenStore(_db);
        var token = await tokens.IssueAsync("alice", null, T0, TimeSpan.FromMinutes(2), CancellationToken.None);
        token.Should().MatchRegex("^[0-9a-f]{24}$");
        (await tokens.ListValidAsync("ALICE", T0.AddMinutes(1), CancellationToken.None)).Should().Equal(token);
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
}
