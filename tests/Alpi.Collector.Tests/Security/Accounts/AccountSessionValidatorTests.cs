using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Storage;
using Alpi.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Security.Accounts;

public sealed class AccountSessionValidatorTests
{
    [Test]
    public async Task ChangeByAnotherProcess_IsSeenOnceTheCheckIntervalHasPassed()
    {
        using var data = new TempDirectory("alpi-sessions");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var database = new SecurityDatabase(data.Path);
        await database.MigrateAsync(CancellationToken.None);
        var store = new AccountStore(database, time, 5, TimeSpan.FromMinutes(1));
        var account = (await store.AddAsync("alice", "technician", "correct horse battery", CancellationToken.None)).Account!;
        var validator = new AccountSessionValidator(store, time);
        (await validator.IsCurrentAsync("alice", "technician", account.SecurityStamp, CancellationToken.None)).Should().BeTrue();

        // As the CLI would, through its own store: the validator still trusts what it read.
        await new AccountStore(database, time, 5, TimeSpan.FromMinutes(1)).SetRoleAsync("alice", "viewer", CancellationToken.None);
        time.Advance(AccountSessionValidator.CheckInterval - TimeSpan.FromSeconds(1));
        (await validator.IsCurrentAsync("alice", "technician", account.SecurityStamp, CancellationToken.None)).Should().BeTrue();

        time.Advance(TimeSpan.FromSeconds(1));
        (await validator.IsCurrentAsync("alice", "technician", account.SecurityStamp, CancellationToken.None)).Should().BeFalse();
    }

    [Test]
    public async Task Forget_MakesAChangeOfThisProcessCountAtOnce()
    {
        using var data = new TempDirectory("alpi-sessions");
        var time = new FakeTimeProvider();
        var database = new SecurityDatabase(data.Path);
        await database.MigrateAsync(CancellationToken.None);
        var store = new AccountStore(database, time, 5, TimeSpan.FromMinutes(1));
        var account = (await store.AddAsync("alice", "viewer", "correct horse battery", CancellationToken.None)).Account!;
        var validator = new AccountSessionValidator(store, time);
        await validator.IsCurrentAsync("alice", "viewer", account.SecurityStamp, CancellationToken.None);

        await store.RemoveAsync("alice", CancellationToken.None);
        validator.Forget("ALICE");

        (await validator.IsCurrentAsync("alice", "viewer", account.SecurityStamp, CancellationToken.None)).Should().BeFalse();
    }
}
