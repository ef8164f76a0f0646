using System.Collections.Concurrent;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// What <see cref="AccessRequestAuthenticator"/> reads for each Access-Request — the account by login, its logon
/// tokens, the device by MAC — kept in memory and exact: every request first reads
/// <see cref="AuthenticationDataVersion"/> (one prepared statement), and when the version moved since the entries were
/// read, whoever moved it, they are all dropped and read again. A block, a new password, a deleted account, a new
/// logon token or a device registered elsewhere therefore decides the very next request, as without the view.
/// <para>
/// What the version does not follow are activity times and validity extensions, which accepts write all the time (a
/// validity shortened does move it): the view applies this
/// controller's own (<see cref="Snapshot.TouchAsync"/>, <see cref="Snapshot.RenewAsync"/>), and a device whose
/// registration looks expired is read again (<see cref="Snapshot.RereadDeviceAsync"/>) before a reject, in case another
/// controller renewed it. A stale activity time can only cause one more renewal write, never a wrong decision.
/// </para>
/// <para>
/// Why: reading the accounts, tokens and devices from the database on every request (SQLite compiling each statement,
/// a pooled connection per read) was the largest cost of an Access-Request (see bench/README.md, "RADIUS"). FreeRADIUS
/// answers the same from its <c>files</c> module, loaded in memory at start and re-read only on HUP. Bounded: a
/// generation drops its entries when it has read more than <see cref="Capacity"/>. Thread-safe.
/// </para>
/// </summary>
public sealed class AuthenticationView(AccountStore accounts, DeviceStore devices, LogonTokenStore tokens, AuthenticationDataVersion version)
{
    /// <summary>Most entries a generation reads (accounts, token lists and devices together) before it starts empty again.</summary>
    public const int Capacity = 300_000;

    private readonly AccountStore _accounts = accounts;
    private readonly DeviceStore _devices = devices;
    private readonly LogonTokenStore _tokens = tokens;
    private Snapshot? _current;

    /// <summary>
    /// The entries that agree with the database now: the current generation when the version has not moved, else a new
    /// empty one (installed for the next requests unless a newer one already was).
    /// </summary>
    /// <param name="cancellationToken">Cancels the version's read.</param>
    /// <returns>The snapshot to read this request's entries from.</returns>
    /// <exception cref="System.Data.Common.DbException">The version cannot be read.</exception>
    public async ValueTask<Snapshot> OpenAsync(CancellationToken cancellationToken)
    {
        var now = await version.ReadAsync(cancellationToken);
        var current = Volatile.Read(ref _current);
        if (current?.Version == now)
        {
            return current;
        }

        // The entries of a generation were all read after its version was: a request that read version v may use them
        // and nothing read under another version. Beaten by another request: its generation if of this version, else ours.
        var fresh = new Snapshot(this, now);
        var seen = Interlocked.CompareExchange(ref _current, fresh, current);
        return seen != current && seen?.Version == now ? seen : fresh;
    }

    /// <summary>
    /// One generation of entries, all read from the database after it saw <see cref="Version"/>. A miss reads the
    /// database and keeps the answer, null included (an unknown login or MAC stays unknown until the version moves).
    /// </summary>
    public sealed class Snapshot
    {
        private readonly AuthenticationView _view;
        private readonly ConcurrentDictionary<string, Account?> _accounts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IReadOnlyList<LogonToken>> _tokens = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, RegisteredDevice?> _devices = new(StringComparer.Ordinal);
        private int _entries;

        internal Snapshot(AuthenticationView view, long version)
        {
            _view = view;
            Version = version;
        }

        /// <summary>The <see cref="AuthenticationDataVersion"/> these entries agree with.</summary>
        public long Version { get; }

        /// <summary>The account whose login is <paramref name="login"/> as the database compares it (ignoring case), or null.</summary>
        /// <param name="login">The login as received, trimmed; entries are kept per spelling.</param>
        /// <param name="cancellationToken">Cancels a database read.</param>
        /// <exception cref="System.Data.Common.DbException">On a miss, the database cannot be read.</exception>
        public async ValueTask<Account?> FindAccountAsync(string login, CancellationToken cancellationToken)
        {
            if (_accounts.TryGetValue(login, out var account))
            {
                return account;
            }

            account = await _view._accounts.FindByLoginAsync(login, cancellationToken);
            Keep(_accounts, login, account);
            return account;
        }

        /// <summary>The logon tokens of <paramref name="login"/> (the account's own spelling) still valid at <paramref name="now"/>.</summary>
        /// <exception cref="System.Data.Common.DbException">On a miss, the database cannot be read.</exception>
        public async ValueTask<IEnumerable<LogonToken>> ListValidTokensAsync(string login, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (!_tokens.TryGetValue(login, out var list))
            {
                list = await _view._tokens.ListValidAsync(login, now, cancellationToken);
                Keep(_tokens, login, list);
            }

            return list.Count == 0 ? [] : list.Where(token => token.IsValidAt(now));
        }

        /// <summary>The registration of <paramref name="mac"/>, expired or not, or null.</summary>
        /// <exception cref="System.Data.Common.DbException">On a miss, the database cannot be read.</exception>
        public async ValueTask<RegisteredDevice?> FindDeviceAsync(MacAddress mac, CancellationToken cancellationToken)
        {
            if (_devices.TryGetValue(mac.Value, out var device))
            {
                return device;
            }

            device = await _view._devices.FindAsync(mac, cancellationToken);
            Keep(_devices, mac.Value, device);
            return device;
        }

        /// <summary>
        /// The registration of <paramref name="mac"/> read from the database now, bypassing and then replacing the entry:
        /// for a device that looks expired, whose renewal by another controller the version does not show.
        /// </summary>
        /// <exception cref="System.Data.Common.DbException">The database cannot be read.</exception>
        public async Task<RegisteredDevice?> RereadDeviceAsync(MacAddress mac, CancellationToken cancellationToken)
        {
            var device = await _view._devices.FindAsync(mac, cancellationToken);
            _devices[mac.Value] = device;
            return device;
        }

        /// <summary>
        /// Records the account's activity at <paramref name="now"/> (<see cref="AccountStore.TouchAsync"/>) and in the
        /// entry read under <paramref name="login"/>, so that the next requests do not write it again.
        /// </summary>
        /// <exception cref="System.Data.Common.DbException">The database cannot be written.</exception>
        public async Task TouchAsync(string login, Account account, DateTimeOffset now, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(account);
            await _view._accounts.TouchAsync(account.Id, now, cancellationToken);
            var touched = account with { LastActiveUnixMs = Math.Max(account.LastActiveUnixMs, now.ToUnixTimeMilliseconds()) };
            _accounts.TryUpdate(login, touched, account);
        }

        /// <summary>
        /// Renews the registration (<see cref="DeviceStore.RenewAsync"/>: last seen now, valid <paramref name="validity"/>
        /// from now) and its entry.
        /// </summary>
        /// <exception cref="System.Data.Common.DbException">The database cannot be written.</exception>
        public async Task RenewAsync(MacAddress mac, RegisteredDevice device, DateTimeOffset now, TimeSpan validity, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(device);
            await _view._devices.RenewAsync(mac, now, validity, cancellationToken);
            var renewed = device with
            {
                LastSeenUnixMs = now.ToUnixTimeMilliseconds(),
                ExpiresUnixMs = Math.Max(device.ExpiresUnixMs, (now + validity).ToUnixTimeMilliseconds()),
            };
            _devices.TryUpdate(mac.Value, renewed, device);
        }

        private void Keep<T>(ConcurrentDictionary<string, T> entries, string key, T value)
        {
            if (Interlocked.Increment(ref _entries) > Capacity)
            {
                // A crude bound, rarely reached: a generation lives until the next change of an account, device or token.
                _accounts.Clear();
                _tokens.Clear();
                _devices.Clear();
                Interlocked.Exchange(ref _entries, 0);
            }

            // A concurrent request's entry, read under the same version, is as good: keep the first.
            entries.TryAdd(key, value);
        }
    }
}
