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

    [Test]
    public void A_remembered_password_costs_no_hash_verification_even_with_two_caches_in_turn_on_one_thread()
    {
        // Each thread keeps one HMAC context keyed for the last cache that used it: two caches in turn must not lose what
        // they remembered (a context left mid-digest, or re-keyed between the check and the store, would miss) nor answer
        // a wrong password.
        using var first = new VerifiedPasswordCache(TimeProvider.System);
        using var second = new VerifiedPasswordCache(TimeProvider.System);
        var alice = Account(1, "correct horse");
        for (var round = 0; round < 3; round++)
        {
            first.Verify(alice, "correct horse").Should().BeTrue();
            second.Verify(alice, "correct horse").Should().BeTrue();
            first.Verify(alice, "wrong horse").Should().BeFalse();
            second.Verify(alice, "wrong horse").Should().BeFalse();
        }

        // One real verification of the right password per cache; every wrong one was a real verification too.
        first.HashVerifications.Should().Be(1 + 3);
        second.HashVerifications.Should().Be(1 + 3);
    }

    [Test]
    public void The_octets_of_an_Access_Request_and_the_text_are_the_same_password()
    {
        using var cache = new VerifiedPasswordCache(TimeProvider.System);
        var alice = Account(1, "mot de passe d'été ✓");
        cache.Verify(alice, System.Text.Encoding.UTF8.GetBytes("mot de passe d'été ✓")).Should().BeTrue();
        cache.Verify(alice, "mot de passe d'été ✓").Should().BeTrue();
        cache.Verify(alice, System.Text.Encoding.UTF8.GetBytes("mot de passe d'ete ✓")).Should().BeFalse();
        cache.HashVerifications.Should().Be(2, "the text is found as the octets it was remembered as; the wrong octets are verified");
    }
}
