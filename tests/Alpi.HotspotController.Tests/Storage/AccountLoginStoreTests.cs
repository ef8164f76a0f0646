using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>
/// Logins in any spelling are one account, the same on SQLite and on PostgreSQL: stored in canonical form
/// (<see cref="AccountLogins.Canonical"/>, RFC 8265 §3.3) and looked up by it.
/// </summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class AccountLoginStoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private HotspotTestDatabase _test = null!;
    private AccountStore _accounts = null!;

    [SetUp]
    public async Task SetUp()
    {
        _test = await HotspotTestDatabase.CreateAsync(provider);
        _accounts = new AccountStore(_test.Database);
    }

    [TearDown]
    public async Task TearDown() => await _test.DisposeAsync();

    private Task<Account?> CreateAsync(string login) =>
        _accounts.CreateAsync(login, null, AccountPasswords.Hash("correct horse"), null, T0, CancellationToken.None);

    // Each case: another spelling of josé@example.org, which a phone typing (or pasting) it may send.
    [TestCase("jose\u0301@example.org")] // NFD
    [TestCase("JOS\u00C9@example.org")] // upper case beyond ASCII: SQLite's NOCASE made a second account
    [TestCase("JOSE\u0301@Example.org")]
    [TestCase("\uFF4A\uFF4F\uFF53\u00E9\uFF20example.org")] // fullwidth letters and @
    public async Task A_login_in_another_spelling_is_the_same_account(string spelling)
    {
        var jose = (await CreateAsync("jos\u00E9@example.org"))!;

        (await CreateAsync(spelling)).Should().BeNull("the login is taken");
        (await _accounts.FindByLoginAsync(spelling, CancellationToken.None))!.Id.Should().Be(jose.Id);
        (await _accounts.ListAsync(CancellationToken.None)).Should().ContainSingle();
    }

    [Test]
    public async Task A_login_is_stored_in_canonical_form_whatever_the_spelling_it_was_created_with()
    {
        var account = (await CreateAsync("  \uFF2AOSE\u0301@Example.org "))!;

        account.Login.Should().Be("jos\u00E9@example.org");
        (await _accounts.FindByLoginAsync("jos\u00E9@example.org", CancellationToken.None))!.Id.Should().Be(account.Id);
    }

    [Test]
    public async Task Blocking_and_a_new_password_find_the_account_in_any_spelling()
    {
        var jose = (await CreateAsync("jos\u00E9@example.org"))!;

        (await _accounts.SetBlockedAsync("JOSE\u0301@example.org", true, CancellationToken.None)).Should().BeTrue();
        (await _accounts.SetPasswordHashAsync("\uFF4Aos\u00E9@example.org", AccountPasswords.Hash("new passphrase"), CancellationToken.None)).Should().BeTrue();

        var changed = (await _accounts.FindByIdAsync(jose.Id, CancellationToken.None))!;
        changed.Blocked.Should().BeTrue();
        AccountPasswords.Verify(changed.PasswordHash, "new passphrase").Should().BeTrue();
    }

    // Each case: two logins that are two accounts on both databases. PostgreSQL's ICU nocase collation (secondary
    // strength) took the compatibility and kana pairs for one login and refused the second; SQLite accepted it.
    [TestCase("\uFB01ne@example.org", "fine@example.org")] // the ﬁ ligature is not f + i (no NFKC in the canonical form)
    [TestCase("\u2460@example.org", "1@example.org")] // ① is not 1
    [TestCase("\u304B\u306A@example.jp", "\u30AB\u30CA@example.jp")] // hiragana かな is not katakana カナ
    [TestCase("stra\u00DFe@example.org", "strasse@example.org")] // ß is not ss (on both already)
    [TestCase("e\u0301lodie@example.org", "elodie@example.org")] // an accent is not a spelling: é is not e
    public async Task Logins_that_differ_beyond_width_case_and_normalisation_are_two_accounts_on_both_databases(string first, string second)
    {
        (await CreateAsync(first)).Should().NotBeNull();
        (await CreateAsync(second)).Should().NotBeNull();
    }

    [Test]
    public async Task A_login_whose_spellings_migration_7_left_apart_is_not_created_again_and_they_are_all_named()
    {
        // A new user's check: José, JOSÉ and a decomposed josé were left apart by migration 7 (none canonical), and
        // `users add ｊosé@example.org` created a fourth account. Written as migration 7 left them: byte for byte.
        await _test.ExecuteAsync("INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
            + "('Jos\u00E9@example.org', 'h', 0, 0), ('JOS\u00C9@example.org', 'h', 0, 0), ('jose\u0301@example.org', 'h', 0, 0), ('zoe@example.org', 'h', 0, 0)");

        (await CreateAsync("\uFF4Aos\u00E9@example.org")).Should().BeNull("the login is taken, in three spellings");
        (await CreateAsync("jos\u00E9@example.org")).Should().BeNull("its canonical spelling is taken too");

        (await _accounts.ListSameLoginAsync("\uFF4Aos\u00E9@example.org", CancellationToken.None)).Select(a => a.Login)
            .Should().BeEquivalentTo(["Jos\u00E9@example.org", "JOS\u00C9@example.org", "jose\u0301@example.org"]);
        (await _accounts.ListSameLoginAsync("elodie@example.org", CancellationToken.None)).Should().BeEmpty();
        (await _accounts.ListAsync(CancellationToken.None)).Should().HaveCount(4);
        (await CreateAsync("elodie@example.org")).Should().NotBeNull("another login is free");
    }
}
