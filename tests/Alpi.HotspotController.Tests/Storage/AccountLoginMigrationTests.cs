using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>
/// Migration 7 on a database of version 6 holding logins written before they were canonical: each is rewritten in
/// canonical form unless another account has the same one, in which case both stay as they were, still found by
/// their exact spelling, and a warning names them.
/// </summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class AccountLoginMigrationTests(string provider)
{
    private readonly FakeLogger _log = new();
    private TempDirectory? _directory;
    private HotspotDatabase _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _log.Collector.Clear(); // one fixture instance runs every test: each reads its own migration's log
        if (provider == StorageOptions.Sqlite)
        {
            _directory = new TempDirectory("alpi-hotspot-v6");
            _db = new HotspotDatabase(Path.Combine(_directory.Path, "hotspot.db"), _log);
        }
        else
        {
            _db = HotspotDatabase.PostgreSql(await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync(), _log);
        }

        // The schema as version 6 left it, applied by hand.
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER NOT NULL)");
        for (var version = 1; version <= 6; version++)
        {
            await connection.ExecuteAsync(_db.Dialect.Migrations[version - 1]);
            await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@version)", new { version });
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        await _db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }

    private async Task<long> InsertAsync(string login)
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES (@login, 'h', 0, 0) RETURNING id", new { login });
    }

    private async Task<string> LoginAsync(long id)
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT login FROM accounts WHERE id = @id", new { id }) ?? "(none)";
    }

    [Test]
    public async Task Existing_logins_are_rewritten_in_canonical_form_with_their_logon_tokens()
    {
        var alice = await InsertAsync("Alice@Example.org");
        var bob = await InsertAsync("\uFF22\uFF2F\uFF22@example.org");
        var strasse = await InsertAsync("stra\u00DFe@example.org");
        var gone = await InsertAsync("newest@example.org");
        await using (var connection = await _db.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO logon_tokens (login, token, expires_unix_ms) VALUES (@login, 'abc', 9999999999999)", new { login = "\uFF22\uFF2F\uFF22@example.org" });
            await connection.ExecuteAsync("DELETE FROM accounts WHERE id = @gone", new { gone });
        }

        await _db.MigrateAsync(CancellationToken.None);

        (await LoginAsync(alice)).Should().Be("alice@example.org");
        (await LoginAsync(bob)).Should().Be("bob@example.org");
        (await LoginAsync(strasse)).Should().Be("stra\u00DFe@example.org", "already canonical");
        var tokens = new LogonTokenStore(_db);
        (await tokens.ListValidAsync("bob@example.org", DateTimeOffset.UnixEpoch, CancellationToken.None)).Should().ContainSingle("the token follows its account");
        var accounts = new AccountStore(_db);
        (await accounts.FindByLoginAsync("ＢＯＢ@example.org", CancellationToken.None))!.Id.Should().Be(bob);
        var next = await accounts.CreateAsync("next@example.org", null, "h", null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        next!.Id.Should().BeGreaterThan(gone, "the rebuilt table keeps counting where the old one was: ids are never given twice");
        _log.Collector.GetSnapshot().Should().NotContain(r => r.Level == LogLevel.Warning);
    }

    [Test]
    public async Task Logins_with_one_canonical_form_are_left_as_they_were_and_named_in_a_warning()
    {
        if (provider != StorageOptions.Sqlite)
        {
            Assert.Ignore("PostgreSQL's nocase collation refused such pairs: none can exist there.");
        }

        // SQLite's NOCASE folded ASCII only: these three were three accounts, perhaps of three people.
        var composed = await InsertAsync("jos\u00E9@example.org");
        var upper = await InsertAsync("JOS\u00C9@example.org");
        var decomposed = await InsertAsync("jose\u0301@example.org");
        var alone = await InsertAsync("Zoe@example.org");

        await _db.MigrateAsync(CancellationToken.None);

        (await LoginAsync(composed)).Should().Be("jos\u00E9@example.org");
        (await LoginAsync(upper)).Should().Be("JOS\u00C9@example.org", "not merged, not renamed");
        (await LoginAsync(decomposed)).Should().Be("jose\u0301@example.org");
        (await LoginAsync(alone)).Should().Be("zoe@example.org", "a login without a twin is canonicalised all the same");
        var accounts = new AccountStore(_db);
        (await accounts.FindByLoginAsync("JOS\u00C9@example.org", CancellationToken.None))!.Id.Should().Be(upper, "its exact spelling still finds it");
        (await accounts.FindByLoginAsync("jose\u0301@example.org", CancellationToken.None))!.Id.Should().Be(decomposed);
        (await accounts.FindByLoginAsync("Jos\u00E9@example.org", CancellationToken.None))!.Id.Should().Be(composed, "any other spelling finds the canonical one");
        var warning = _log.Collector.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning).Subject;
        warning.Message.Should().Contain($"\"jos\u00E9@example.org\" (id {composed})")
            .And.Contain($"\"JOS\u00C9@example.org\" (id {upper})")
            .And.Contain($"\"jose\u0301@example.org\" (id {decomposed})");
    }

    [Test]
    public async Task After_the_upgrade_a_login_left_apart_cannot_be_added_in_yet_another_spelling()
    {
        if (provider != StorageOptions.Sqlite)
        {
            Assert.Ignore("PostgreSQL's nocase collation refused such pairs: none can exist there.");
        }

        var upper = await InsertAsync("JOS\u00C9@example.org");
        var capital = await InsertAsync("Jos\u00E9@example.org");
        var decomposed = await InsertAsync("jose\u0301@example.org");
        await _db.MigrateAsync(CancellationToken.None);
        var accounts = new AccountStore(_db);

        // Fullwidth j: canonical josé@example.org, which none of the three holds.
        (await accounts.CreateAsync("\uFF4Aos\u00E9@example.org", null, "h", null, DateTimeOffset.UnixEpoch, CancellationToken.None)).Should().BeNull();

        (await accounts.ListSameLoginAsync("\uFF4Aos\u00E9@example.org", CancellationToken.None)).Select(a => a.Id).Should().BeEquivalentTo([upper, capital, decomposed]);
    }
}
