using Alpi.HotspotController.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Authentication;

public class VerifiedPasswordCacheTests
{
    private static Account Account(long id, string password) => new() { Id = id, Login = "alice", PasswordHash = AccountPasswords.Hash(password) };

    [Test]
    public void A_verified_password_is_remembered_for_its_lifetime_only()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        using var cache = new VerifiedPasswordCache(time);
        var alice = Account(1, "correct horse");
        cache.Verify(alice, "correct horse").Should().BeTrue();

        // Remembered: a corrupted stored hash would fail a real verification, yet the cached digest of the same hash still matches.
        cache.Verify(alice, "correct horse").Should().BeTrue();
        cache.Verify(alice, "wrong horse").Should().BeFalse();

        time.Advance(VerifiedPasswordCache.Lifetime + TimeSpan.FromSeconds(1));
        cache.Verify(alice, "correct horse").Should().BeTrue("a real verification still succeeds after expiry");
    }

    [Test]
    public void A_password_change_is_not_hidden_by_the_cache()
    {
        using var cache = new VerifiedPasswordCache(TimeProvider.System);
        var before = Account(1, "old password");
        cache.Verify(before, "old password").Should().BeTrue();
        var after = before with { PasswordHash = AccountPasswords.Hash("new password") };
        cache.Verify(after, "old password").Should().BeFalse();
        cache.Verify(after, "new password").Should().BeTrue();
    }

    [Test]
    public void Failures_are_not_cached_and_accounts_do_not_share_entries()
    {
        using var cache = new VerifiedPasswordCache(TimeProvider.System);
        var alice = Account(1, "alice password");
        var bob = Account(2, "bob password");
        cache.Verify(alice, "bob password").Should().BeFalse();
        cache.Verify(alice, "alice password").Should().BeTrue();
        cache.Verify(bob, "alice password").Should().BeFalse();
        cache.Verify(bob, "bob password").Should().BeTrue();
    }
}
