using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>Which writes move <c>authentication_data_version</c> (migration 4's triggers), on SQLite and on PostgreSQL.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class AuthenticationDataVersionTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Phone = MacAddress.Parse("02-00-00-00-00-01");
    private HotspotTestDatabase _test = null!;
    private AuthenticationDataVersion _version = null!;
    private AccountStore _accounts = null!;
    private DeviceStore _devices = null!;
    private LogonTokenStore _tokens = null!;

    [SetUp]
    public async Task SetUp()
    {
        _test = await HotspotTestDatabase.CreateAsync(provider);
        _version = new AuthenticationDataVersion(_test.Database);
        _accounts = new AccountStore(_test.Database);
        _devices = new DeviceStore(_test.Database);
        _tokens = new LogonTokenStore(_test.Database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _version.DisposeAsync();
        await _test.DisposeAsync();
    }

    [Test]
    public async Task EveryChangeThatDecidesAnAccessRequest_MovesIt_ActivityTimesDoNot()
    {
        var none = CancellationToken.None;
        var alice = (await Moves(() => _accounts.CreateAsync("alice", null, "hash", null, T0, none)))!;
        await Moves(() => _accounts.SetBlockedAsync("alice", true, none));
        await Moves(() => _accounts.SetPasswordHashAsync("alice", "other", none));
        await Moves(() => _devices.RegisterAsync(Phone, alice.Id, T0, TimeSpan.FromDays(1), 5, none));
        await Moves(() => _devices.SetBlockedAsync(Phone, true, none));
        var token = await Moves(() => _tokens.IssueAsync("alice", null, T0, TimeSpan.FromMinutes(2), none));
        await Moves(() => _tokens.ConsumeAsync("alice", token, none));

        await Stays(() => _accounts.TouchAsync(alice.Id, T0.AddDays(1), none));
        await Stays(() => _devices.RenewAsync(Phone, T0.AddDays(1), TimeSpan.FromDays(1), none));
        await Stays(() => _accounts.SetEmailVerifiedAsync(alice.Id, none));
        await Stays(() => _test.ExecuteAsync("UPDATE devices SET expires_unix_ms = expires_unix_ms + 1"));
        await Moves(async () => { await _test.ExecuteAsync("UPDATE devices SET expires_unix_ms = expires_unix_ms - 1"); return 0; });

        await Moves(() => _devices.RemoveAsync(Phone, null, none));
        await Moves(() => _accounts.DeleteAsync(alice.Id, none));
    }

    [Test]
    public async Task AFailedRead_Throws_AndTheNextReadStartsAgain()
    {
        await _version.ReadAsync(CancellationToken.None);
        await _test.ExecuteAsync("ALTER TABLE authentication_data_version RENAME TO kept_aside");

        await FluentActions.Awaiting(async () => await _version.ReadAsync(CancellationToken.None)).Should().ThrowAsync<System.Data.Common.DbException>();

        await _test.ExecuteAsync("ALTER TABLE kept_aside RENAME TO authentication_data_version; UPDATE authentication_data_version SET version = 41");
        (await _version.ReadAsync(CancellationToken.None)).Should().Be(41);
    }

    private async Task<T> Moves<T>(Func<Task<T>> change)
    {
        var before = await _version.ReadAsync(CancellationToken.None);
        var result = await change();
        (await _version.ReadAsync(CancellationToken.None)).Should().BeGreaterThan(before);
        return result;
    }

    private async Task Stays(Func<Task> change)
    {
        var before = await _version.ReadAsync(CancellationToken.None);
        await change();
        (await _version.ReadAsync(CancellationToken.None)).Should().Be(before);
    }
}
