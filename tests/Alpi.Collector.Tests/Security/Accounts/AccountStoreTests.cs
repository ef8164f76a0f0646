using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Storage;
using Alpi.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Security.Accounts;

public sealed class AccountStoreTests
{
    private const string Password = "correct horse battery";
    private TempDirectory _data = null!;
    private FakeTimeProvider _time = null!;
    private AccountStore _store = null!;

    [SetUp]
    public async Task OpenStore()
    {
        _data = new TempDirectory("alpi-accounts");
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var database = new SecurityDatabase(_data.Path);
        await database.MigrateAsync(CancellationToken.None);
        await database.MigrateAsync(CancellationToken.None); // a second migration finds nothing to do
        _store = new AccountStore(database, _time, maxFailedLogins: 3, lockoutDuration: TimeSpan.FromMinutes(15));
    }

    [TearDown]
    public void DeleteStore() => _data.Dispose();

    [Test]
    public async Task Add_ThenLoginWithAnyLetterCase_Succeeds_AndRecordsTheTime()
    {
        (await _store.AddAsync("Alice", "technician", Password, CancellationToken.None)).Error.Should().Be(AccountError.None);

        var result = await _store.VerifyLoginAsync("alice", Password, CancellationToken.None);

        result.Outcome.Should().Be(LoginOutcome.Success);
        result.Account!.Name.Should().Be("Alice");
        result.Account.LastLoginAt.Should().Be(_time.GetUtcNow());
    }

    [Test]
    public async Task Add_StoresAHash_NeverThePassword()
    {
        await _store.AddAsync("alice", "viewer", Password, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_data.Path, SecurityDatabase.FileName));
        var wal = Path.Combine(_data.Path, SecurityDatabase.FileName + "-wal");
        var all = bytes.Concat(File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : []).ToArray();
        System.Text.Encoding.UTF8.GetString(all).Should().NotContain(Password);
    }

    // Each refused value, with the parameter named.
    [TestCase("", "viewer", Password, "name")]
    [TestCase("alice smith", "viewer", Password, "name")]
    [TestCase("alice", "root", Password, "role")]
    [TestCase("alice", "Viewer", Password, "role")]
    [TestCase("alice", "viewer", "elevenchars", "password")]
    [TestCase("alicealicealice", "viewer", "AliceAliceAlice", "password")]
    public async Task Add_InvalidValue_IsRefusedNamingIt(string name, string role, string password, string parameter)
    {
        var result = await _store.AddAsync(name, role, password, CancellationToken.None);

        result.Error.Should().Be(AccountError.Invalid);
        result.Parameter.Should().Be(parameter);
        (await _store.CountAsync(CancellationToken.None)).Should().Be(0);
    }

    [Test]
    public async Task Add_SameNameOtherCase_IsRefused()
    {
        await _store.AddAsync("alice", "viewer", Password, CancellationToken.None);

        (await _store.AddAsync("ALICE", "viewer", Password, CancellationToken.None)).Error.Should().Be(AccountError.Exists);
    }

    [Test]
    public async Task Login_ThirdFailure_LocksForTheDuration_ThenThePasswordWorksAgain()
    {
        await _store.AddAsync("alice", "viewer", Password, CancellationToken.None);

        (await _store.VerifyLoginAsync("alice", "wrong one", CancellationToken.None)).Outcome.Should().Be(LoginOutcome.WrongPassword);
        (await _store.VerifyLoginAsync("alice", "wrong two", CancellationToken.None)).Outcome.Should().Be(LoginOutcome.WrongPassword);
        var third = await _store.VerifyLoginAsync("alice", "wrong three", CancellationToken.None);
        third.Outcome.Should().Be(LoginOutcome.LockedNow);
        third.Account!.LockedUntil.Should().Be(_time.GetUtcNow() + TimeSpan.FromMinutes(15));

        _time.Advance(TimeSpan.FromMinutes(14));
        (await _store.VerifyLoginAsync("alice", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Locked);
        _time.Advance(TimeSpan.FromMinutes(1));
        (await _store.VerifyLoginAsync("alice", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
    }

    [Test]
    public async Task Login_SuccessBetweenFailures_ResetsTheCount()
    {
        await _store.AddAsync("alice", "viewer", Password, CancellationToken.None);
        await _store.VerifyLoginAsync("alice", "wrong one", CancellationToken.None);
        await _store.VerifyLoginAsync("alice", "wrong two", CancellationToken.None);

        await _store.VerifyLoginAsync("alice", Password, CancellationToken.None);

        (await _store.VerifyLoginAsync("alice", "wrong three", CancellationToken.None)).Outcome.Should().Be(LoginOutcome.WrongPassword);
    }

    [Test]
    public async Task Login_UnknownAccount_IsUnknown()
    {
        (await _store.VerifyLoginAsync("nobody", Password, CancellationToken.None)).Should().Be(new LoginResult(LoginOutcome.UnknownAccount, null));
        (await _store.VerifyLoginAsync("not a valid name!", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.UnknownAccount);
    }

    [Test]
    public async Task Unlock_EndsALockout()
    {
        await _store.AddAsync("alice", "viewer", Password, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await _store.VerifyLoginAsync("alice", "wrong", CancellationToken.None);
        }

        (await _store.UnlockAsync("alice", CancellationToken.None)).Account!.LockedUntil.Should().BeNull();
        (await _store.VerifyLoginAsync("alice", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
    }

    [Test]
    public async Task PasswordOrRoleChange_ChangesTheSecurityStamp()
    {
        var created = (await _store.AddAsync("alice", "viewer", Password, CancellationToken.None)).Account!;

        var passwordChanged = (await _store.SetPasswordAsync("alice", "another long password", CancellationToken.None)).Account!;
        var roleChanged = (await _store.SetRoleAsync("alice", "technician", CancellationToken.None)).Account!;

        new[] { created.SecurityStamp, passwordChanged.SecurityStamp, roleChanged.SecurityStamp }.Should().OnlyHaveUniqueItems();
        (await _store.VerifyLoginAsync("alice", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.WrongPassword);
        (await _store.VerifyLoginAsync("alice", "another long password", CancellationToken.None)).Account!.Role.Should().Be("technician");
    }

    [Test]
    public async Task LastAdministrator_CanBeNeitherRemovedNorDemoted_UntilThereIsAnother()
    {
        await _store.AddAsync("root", "administrator", Password, CancellationToken.None);

        (await _store.RemoveAsync("root", CancellationToken.None)).Error.Should().Be(AccountError.LastAdministrator);
        (await _store.SetRoleAsync("ROOT", "viewer", CancellationToken.None)).Error.Should().Be(AccountError.LastAdministrator);

        await _store.AddAsync("second", "administrator", Password, CancellationToken.None);
        (await _store.RemoveAsync("root", CancellationToken.None)).Error.Should().Be(AccountError.None);
        (await _store.ListAsync(CancellationToken.None)).Select(a => a.Name).Should().Equal("second");
    }

    [Test]
    public async Task Disable_RefusesEveryLogin_ChangesTheStamp_AndEnableGivesTheAccountBack()
    {
        var created = (await _store.AddAsync("alice", "technician", Password, CancellationToken.None)).Account!;

        var disabled = (await _store.SetDisabledAsync("ALICE", true, CancellationToken.None)).Account!;

        disabled.Disabled.Should().BeTrue();
        disabled.DisabledAt.Should().Be(_time.GetUtcNow());
        disabled.SecurityStamp.Should().NotBe(created.SecurityStamp, "the account's sessions end");
        var refused = await _store.VerifyLoginAsync("alice", Password, CancellationToken.None);
        refused.Outcome.Should().Be(LoginOutcome.Disabled, "the right password does not open a disabled account");
        refused.Account!.LastLoginAt.Should().BeNull();
        (await _store.SetDisabledAsync("alice", true, CancellationToken.None)).Account!.SecurityStamp.Should().Be(disabled.SecurityStamp, "disabling twice changes nothing");

        var enabled = (await _store.SetDisabledAsync("alice", false, CancellationToken.None)).Account!;
        enabled.Disabled.Should().BeFalse();
        enabled.DisabledAt.Should().BeNull();
        (await _store.VerifyLoginAsync("alice", Password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
    }

    [Test]
    public async Task LastEnabledAdministrator_CannotBeDisabled_AndADisabledOneDoesNotCountAsAnother()
    {
        await _store.AddAsync("root", "administrator", Password, CancellationToken.None);
        (await _store.SetDisabledAsync("root", true, CancellationToken.None)).Error.Should().Be(AccountError.LastAdministrator);

        await _store.AddAsync("second", "administrator", Password, CancellationToken.None);
        (await _store.SetDisabledAsync("second", true, CancellationToken.None)).Error.Should().Be(AccountError.None);

        (await _store.RemoveAsync("root", CancellationToken.None)).Error.Should().Be(AccountError.LastAdministrator, "the other administrator is disabled");
        (await _store.SetRoleAsync("root", "viewer", CancellationToken.None)).Error.Should().Be(AccountError.LastAdministrator);
        (await _store.RemoveAsync("second", CancellationToken.None)).Error.Should().Be(AccountError.None, "a disabled administrator may go");
    }

    [Test]
    public async Task Changes_ToAnUnknownAccount_AreNotFound()
    {
        (await _store.SetPasswordAsync("nobody", "a long enough password", CancellationToken.None)).Error.Should().Be(AccountError.NotFound);
        (await _store.SetRoleAsync("nobody", "viewer", CancellationToken.None)).Error.Should().Be(AccountError.NotFound);
        (await _store.UnlockAsync("nobody", CancellationToken.None)).Error.Should().Be(AccountError.NotFound);
        (await _store.RemoveAsync("nobody", CancellationToken.None)).Error.Should().Be(AccountError.NotFound);
        (await _store.SetDisabledAsync("nobody", true, CancellationToken.None)).Error.Should().Be(AccountError.NotFound);
    }
}
