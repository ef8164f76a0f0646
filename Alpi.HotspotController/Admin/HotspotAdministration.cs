using System.Globalization;
using System.Net;
using System.Text;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Alpi.Protocols.Json;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// The administration operations behind both the REST API and the CLI, so that both check, act and audit alike:
/// accounts, devices, NAS clients, sessions. Every change is recorded in the audit log with its actor; blocking an
/// account or a device also disconnects its open sessions at their terminals (RFC 5176 Disconnect-Request).
/// </summary>
public sealed partial class HotspotAdministration(
    AccountStore accounts,
    DeviceStore devices,
    NasClientStore nasClients,
    ConnectionLogQuery sessions,
    SessionDisconnector disconnector,
    AuditLog audit,
    IOptions<HotspotOptions> options,
    TimeProvider time)
{
    /// <summary>The largest page of sessions returned by a list or a search.</summary>
    public const int MaxSessions = 10_000;

    /// <summary>All accounts, by login.</summary>
    public Task<IReadOnlyList<Account>> ListUsersAsync(CancellationToken cancellationToken) => accounts.ListAsync(cancellationToken);

    /// <summary>Creates an account with a password (hashed, <see cref="AccountPasswords"/>); no terms acceptance is recorded (made by an administrator).</summary>
    /// <returns>
    /// The account; Conflict when the login is taken in any spelling, naming the account(s) that have it (those migration 7
    /// left apart too, <see cref="AccountStore.ListSameLoginAsync"/>); Invalid for a login <see cref="AccountLogins.Error"/> refuses (empty,
    /// over 253 octets, or with a control, invisible or space character) or a password of fewer than 8 characters or more
    /// than 128 octets (<see cref="AccountPasswords.LengthError"/>).
    /// </returns>
    public async Task<AdminResult<Account>> AddUserAsync(string login, string password, string? email, string actor, CancellationToken cancellationToken)
    {
        login ??= "";
        if (AccountLogins.Error(login) is { } loginError)
        {
            return AdminResult<Account>.Invalid(loginError);
        }

        if (AccountPasswords.LengthError(password) is { } passwordError)
        {
            return AdminResult<Account>.Invalid(passwordError);
        }

        var account = await accounts.CreateAsync(login, string.IsNullOrWhiteSpace(email) ? null : email.Trim(), AccountPasswords.Hash(password), null, time.GetUtcNow(), cancellationToken);
        if (account is null)
        {
            return AdminResult<Account>.Conflict(LoginTaken(login, await accounts.ListSameLoginAsync(login, cancellationToken)));
        }

        await audit.WriteAsync(actor, AuditActions.UserAdd, [new("login", account.Login)], cancellationToken);
        return AdminResult<Account>.Ok(account);
    }

    /// <summary>
    /// Blocks or unblocks an account. Blocking disconnects its open sessions (those accounted to its login and those
    /// of its devices): the RADIUS server rejects it from then on, and Disconnect-Request ends what is running.
    /// </summary>
    /// <returns>The account's stored login and the disconnections (none when unblocking); NotFound for an unknown login.</returns>
    public async Task<AdminResult<AccountDisconnections>> SetUserBlockedAsync(string login, bool blocked, string actor, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByLoginAsync(login ?? "", cancellationToken);
        if (account is null)
        {
            return AdminResult<AccountDisconnections>.NotFound($"no account has the login {login}");
        }

        await accounts.SetBlockedAsync(account.Login, blocked, cancellationToken);
        IReadOnlyList<SessionDisconnection> disconnections = [];
        if (blocked)
        {
            disconnections = await DisconnectAccountAsync(account, cancellationToken);
        }

        await audit.WriteAsync(actor, blocked ? AuditActions.UserBlock : AuditActions.UserUnblock,
            [new("login", account.Login), .. Summarise(disconnections)], cancellationToken);
        return AdminResult<AccountDisconnections>.Ok(new AccountDisconnections(account.Login, disconnections));
    }

    /// <summary>
    /// Replaces an account's password (a citizen who forgot it, or one that leaked): hashed as at creation
    /// (<see cref="AccountPasswords"/>). The next PAP Access-Request needs the new one (the old one's verification, kept by
    /// <see cref="VerifiedPasswordCache"/>, was bound to the old hash); sessions already running go on, block the account
    /// to end them.
    /// </summary>
    /// <returns>The account's login; Invalid for a password of fewer than 8 characters or more than 128 octets; NotFound for an unknown login.</returns>
    public async Task<AdminResult<string>> SetUserPasswordAsync(string login, string password, string actor, CancellationToken cancellationToken)
    {
        if (AccountPasswords.LengthError(password) is { } passwordError)
        {
            return AdminResult<string>.Invalid(passwordError);
        }

        var account = await accounts.FindByLoginAsync(login ?? "", cancellationToken);
        if (account is null || !await accounts.SetPasswordHashAsync(account.Login, AccountPasswords.Hash(password), cancellationToken))
        {
            return AdminResult<string>.NotFound($"no account has the login {login}");
        }

        await audit.WriteAsync(actor, AuditActions.UserPassword, [new("login", account.Login)], cancellationToken);
        return AdminResult<string>.Ok(account.Login);
    }

    /// <summary>
    /// Deletes an account (RGPD art. 17, on a citizen's request made elsewhere than the portal, where they can do it
    /// themselves) as <see cref="BeginDeleteUserAsync"/> does, then waits for its open sessions' disconnections (RFC 5176
    /// Disconnect-Request, as when blocking) to end: the administrator is shown each terminal's answer.
    /// </summary>
    /// <returns>The account's stored login and the disconnections; NotFound for an unknown login.</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be read or written (the account may be deleted already, if it failed after).</exception>
    public async Task<AdminResult<AccountDisconnections>> DeleteUserAsync(string login, string actor, CancellationToken cancellationToken)
    {
        var deletion = await BeginDeleteUserAsync(login, actor, cancellationToken);
        return deletion.Value is { } deleted
            ? AdminResult<AccountDisconnections>.Ok(new AccountDisconnections(deleted.Login, await deleted.Disconnections))
            : AdminResult<AccountDisconnections>.NotFound(deletion.Error!);
    }

    /// <summary>
    /// Deletes an account at once and starts disconnecting its open sessions, without waiting for the terminals: the
    /// portal answers a citizen deleting their account while a terminal that does not answer is still asked (up to
    /// <see cref="CoaOptions.Retries"/> + 1 times <see cref="CoaOptions.Timeout"/>). In order: the open sessions are listed
    /// (those accounted to its login and those of its devices, while the devices are still known); the account, its
    /// devices and logon tokens are deleted (<see cref="AccountStore.DeleteAsync"/>), after which RADIUS refuses it, so a
    /// terminal cannot log it on again once cut; the deletion is audited (<see cref="AuditActions.UserDelete"/>: login and
    /// <c>sessions</c>, how many are to be cut); then the Disconnect-Requests go, each outcome logged and counted by
    /// <see cref="CoaClient"/>, and their summary is audited (<see cref="AuditActions.SessionDisconnect"/>, with the login)
    /// when they end. The connection log keeps the sessions for the legal year (CPCE L34-1): the account's deletion
    /// touches no session, and a session's account stays recorded when its Accounting-Stop comes after
    /// (<see cref="SessionStore.ApplyAsync"/> never empties it).
    /// </summary>
    /// <param name="login">The account's login, in any spelling.</param>
    /// <param name="actor">Who deletes it, for the audit log.</param>
    /// <param name="cancellationToken">Cancels the deletion until it is committed; never the disconnections after it.</param>
    /// <returns>
    /// The deletion, whose <see cref="AccountDeletion.Disconnections"/> ends when every terminal answered or timed out
    /// and the summary is audited (it faults if that entry cannot be written); NotFound for an unknown login.
    /// </returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be read or written.</exception>
    public async Task<AdminResult<AccountDeletion>> BeginDeleteUserAsync(string login, string actor, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByLoginAsync(login ?? "", cancellationToken);
        if (account is null)
        {
            return AdminResult<AccountDeletion>.NotFound($"no account has the login {login}");
        }

        var open = await OpenSessionsAsync(account, cancellationToken);
        await accounts.DeleteAsync(account.Id, cancellationToken);
        Task<IReadOnlyList<SessionDisconnection>> disconnections;
        try
        {
            await audit.WriteAsync(actor, AuditActions.UserDelete,
                [new("login", account.Login), new("sessions", open.Count.ToString(CultureInfo.InvariantCulture))], CancellationToken.None);
        }
        finally
        {
            // Started even when the audit log cannot be written (the caller gets that error): the account is gone, its
            // sessions must not stay open.
            disconnections = DisconnectDeletedAsync(account.Login, open, actor);
        }

        return AdminResult<AccountDeletion>.Ok(new AccountDeletion(account.Login, open.Count, disconnections));
    }

    /// <summary>Disconnects a deleted account's open sessions and audits the outcome; not cancelled (the account is gone, its sessions must be cut).</summary>
    private async Task<IReadOnlyList<SessionDisconnection>> DisconnectDeletedAsync(string login, IReadOnlyList<HotspotSession> open, string actor)
    {
        if (open.Count == 0)
        {
            return [];
        }

        var disconnections = await disconnector.DisconnectAsync(open, CancellationToken.None);
        await audit.WriteAsync(actor, AuditActions.SessionDisconnect, [new("login", login), .. Summarise(disconnections)], CancellationToken.None);
        return disconnections;
    }

    /// <summary>
    /// Disconnects the open sessions of <paramref name="account"/>: those accounted to its login and those of its devices
    /// (RFC 5176 Disconnect-Request, <see cref="SessionDisconnector"/>).
    /// </summary>
    private async Task<IReadOnlyList<SessionDisconnection>> DisconnectAccountAsync(Account account, CancellationToken cancellationToken) =>
        await disconnector.DisconnectAsync(await OpenSessionsAsync(account, cancellationToken), cancellationToken);

    /// <summary>The open sessions of <paramref name="account"/>: those accounted to its login and those of its devices.</summary>
    private async Task<IReadOnlyList<HotspotSession>> OpenSessionsAsync(Account account, CancellationToken cancellationToken)
    {
        var macs = (await devices.ListForAccountAsync(account.Id, cancellationToken)).Select(d => d.Mac).ToList();
        return await sessions.ListOpenForAccountAsync(account.Login, macs, cancellationToken);
    }

    /// <summary>The registered devices, by MAC; of one account when <paramref name="login"/> is given.</summary>
    /// <returns>NotFound for an unknown login.</returns>
    public async Task<AdminResult<IReadOnlyList<RegisteredDevice>>> ListDevicesAsync(string? login, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login))
        {
            return AdminResult<IReadOnlyList<RegisteredDevice>>.Ok(await devices.ListAsync(cancellationToken));
        }

        var account = await accounts.FindByLoginAsync(login, cancellationToken);
        return account is null
            ? AdminResult<IReadOnlyList<RegisteredDevice>>.NotFound($"no account has the login {login}")
            : AdminResult<IReadOnlyList<RegisteredDevice>>.Ok((await devices.ListForAccountAsync(account.Id, cancellationToken)).OrderBy(d => d.Mac, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Registers a MAC to an account for <see cref="DeviceOptions.ValidityDays"/> (moving it from another account if
    /// need be; beyond <see cref="DeviceOptions.MaxDevicesPerAccount"/> the least recently seen goes).
    /// </summary>
    /// <returns>The registration; Invalid for an unreadable MAC; NotFound for an unknown login.</returns>
    public async Task<AdminResult<RegisteredDevice>> AddDeviceAsync(string mac, string login, string actor, CancellationToken cancellationToken)
    {
        if (!MacAddress.TryParse(mac, out var address))
        {
            return AdminResult<RegisteredDevice>.Invalid($"mac: \"{mac}\" is not a MAC address such as AA-BB-CC-DD-EE-FF");
        }

        var account = await accounts.FindByLoginAsync(login ?? "", cancellationToken);
        if (account is null)
        {
            return AdminResult<RegisteredDevice>.NotFound($"no account has the login {login}");
        }

        var settings = options.Value.Devices;
        var device = await devices.RegisterAsync(address.Value, account.Id, time.GetUtcNow(), TimeSpan.FromDays(settings.ValidityDays), settings.MaxDevicesPerAccount, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.DeviceAdd, [new("mac", device.Mac), new("login", account.Login)], cancellationToken);
        return AdminResult<RegisteredDevice>.Ok(device);
    }

    /// <summary>Removes a device registration: the device meets the portal again at its next connection.</summary>
    /// <returns>The canonical MAC; Invalid for an unreadable MAC; NotFound when it is not registered.</returns>
    public async Task<AdminResult<string>> RemoveDeviceAsync(string mac, string actor, CancellationToken cancellationToken)
    {
        if (!MacAddress.TryParse(mac, out var address))
        {
            return AdminResult<string>.Invalid($"mac: \"{mac}\" is not a MAC address such as AA-BB-CC-DD-EE-FF");
        }

        if (!await devices.RemoveAsync(address.Value, null, cancellationToken))
        {
            return AdminResult<string>.NotFound($"{address.Value.Value} is not registered");
        }

        await audit.WriteAsync(actor, AuditActions.DeviceRemove, [new("mac", address.Value.Value)], cancellationToken);
        return AdminResult<string>.Ok(address.Value.Value);
    }

    /// <summary>Blocks or unblocks a registered device; blocking disconnects its open sessions.</summary>
    /// <returns>The disconnections; Invalid for an unreadable MAC; NotFound when it is not registered.</returns>
    public async Task<AdminResult<IReadOnlyList<SessionDisconnection>>> SetDeviceBlockedAsync(string mac, bool blocked, string actor, CancellationToken cancellationToken)
    {
        if (!MacAddress.TryParse(mac, out var address))
        {
            return AdminResult<IReadOnlyList<SessionDisconnection>>.Invalid($"mac: \"{mac}\" is not a MAC address such as AA-BB-CC-DD-EE-FF");
        }

        if (!await devices.SetBlockedAsync(address.Value, blocked, cancellationToken))
        {
            return AdminResult<IReadOnlyList<SessionDisconnection>>.NotFound($"{address.Value.Value} is not registered");
        }

        IReadOnlyList<SessionDisconnection> disconnections = [];
        if (blocked)
        {
            var open = await sessions.SearchAsync(new ConnectionLogCriteria { Mac = address.Value.Value, OpenOnly = true }, MaxSessions, cancellationToken);
            disconnections = await disconnector.DisconnectAsync(open, cancellationToken);
        }

        await audit.WriteAsync(actor, blocked ? AuditActions.DeviceBlock : AuditActions.DeviceUnblock,
            [new("mac", address.Value.Value), .. Summarise(disconnections)], cancellationToken);
        return AdminResult<IReadOnlyList<SessionDisconnection>>.Ok(disconnections);
    }

    /// <summary>All NAS clients, by name (with their secrets: callers show them to nobody).</summary>
    public Task<IReadOnlyList<NasClient>> ListNasAsync(CancellationToken cancellationToken) => nasClients.ListAsync(cancellationToken);

    /// <summary>
    /// Adds a NAS client or changes one: the values given replace, the others keep their current value (or the
    /// default for a new one). The address is saved in its canonical text (<see cref="NasClient.CanonicalText"/>:
    /// <c>10.0.0.5/24</c> as <c>10.0.0.0/24</c>, <c>2001:DB8:0:0:0:0:0:A</c> as <c>2001:db8::a</c>, the network the RADIUS
    /// server recognises either way). The audit entry never holds the secret.
    /// </summary>
    /// <returns>
    /// The NAS client as stored; Invalid for a name <see cref="NasNameError"/> refuses, a missing address or secret of a
    /// new client, an unreadable address or one spelt as <see cref="NasAddressSpelling"/> refuses (<c>010.0.0.1</c>, <c>10.2</c>), a secret over <see cref="MaxSecretOctets"/> octets, a tenant or group over 64
    /// characters or with control characters, a tenant that is no MQTT topic level ('/', '+', '#'), a bad port,
    /// coordinates out of range or a latitude without a longitude (or the reverse, naming the missing one), a new name
    /// mixing scripts (<see cref="NasNameLookAlikes"/>, UTS #39 §5.1); Conflict for a new name that reads as another
    /// client's (stored or configured: equal but for case, or mixing scripts where that one has its letters), or an address (network) another client has already
    /// (stored or in <c>Hotspot:Radius:Clients</c>): RADIUS tells its clients apart by their source address (RFC 2865 §3), so
    /// one of the two would never be recognised.
    /// </returns>
    public async Task<AdminResult<NasClient>> UpsertNasAsync(string name, NasClientChange change, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        name ??= "";
        if (NasNameRefusal(name) is { } nameError)
        {
            return AdminResult<NasClient>.Invalid(nameError);
        }

        var stored = await nasClients.ListAsync(cancellationToken);
        var existing = stored.FirstOrDefault(n => n.Name == name);
        var otherNames = stored.Select(n => n.Name).Concat(options.Value.Radius.Clients.Select(c => c.Name));
        if (existing is null && NasNameLookAlikes.Find(name, otherNames) is { } lookAlike)
        {
            return lookAlike.LookAlike is null ? AdminResult<NasClient>.Invalid(lookAlike.Refusal) : AdminResult<NasClient>.Conflict(lookAlike.Refusal);
        }

        var address = change.Address ?? existing?.Address;
        var secret = change.Secret ?? existing?.Secret;
        if (string.IsNullOrWhiteSpace(address))
        {
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasAddressRequired, "address: the terminal's IP address or network is needed (e.g. 192.0.2.10 or 192.0.2.0/24)"));
        }

        if (string.IsNullOrEmpty(secret))
        {
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasSecretRequired, "secret: the RADIUS shared secret is needed"));
        }

        if (change.Secret is not null && Encoding.UTF8.GetByteCount(change.Secret) > MaxSecretOctets)
        {
            var octets = Encoding.UTF8.GetByteCount(change.Secret);
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasSecretLength, $"secret: {octets} octets is more than the {MaxSecretOctets} taken",
                ("octets", octets), ("max", MaxSecretOctets)));
        }

        if ((LabelError("tenant", change.Tenant) ?? LabelError("group", change.GroupName)) is { } labelError)
        {
            return AdminResult<NasClient>.Invalid(labelError);
        }

        // The tenant is a level of the topics the terminal's telemetry is published on (alpi/TENANT/HOST/…).
        if (NonEmpty(change.Tenant) is { } tenant && !AlpiTopic.IsValidLevel(tenant))
        {
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasTenantTopic, "tenant: '/', '+' and '#' are not allowed (the tenant is a level of MQTT topics)"));
        }

        // Only a newly typed address is held to the spelling rules: a stored one (saved before them) keeps working.
        if (change.Address is not null && NasAddressSpelling.Refusal(address.Trim()) is { } spelling)
        {
            return AdminResult<NasClient>.Invalid(spelling.Prefixed("address: "));
        }

        IPNetwork network;
        try
        {
            network = NasClient.ParseNetwork(address.Trim());
        }
        catch (FormatException e)
        {
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasAddressUnreadable, "address: " + e.Message, ("address", address.Trim())));
        }

        var canonicalAddress = NasClient.CanonicalText(network);
        var sameAddress = stored.Where(n => n.Name != name).Select(n => (n.Name, n.Address, Source: "stored"))
            .Concat(options.Value.Radius.Clients.Where(c => c.Name != name).Select(c => (c.Name, c.Address, Source: "in Hotspot:Radius:Clients")))
            .FirstOrDefault(other => SameNetwork(other.Address, network));
        if (sameAddress.Name is not null)
        {
            return AdminResult<NasClient>.Conflict(Refusal.Of(RefusalCodes.NasAddressInUse,
                $"address: {canonicalAddress} is already the address of the terminal {sameAddress.Name} ({sameAddress.Source}); RADIUS knows a terminal by the " +
                "source address of its requests (RFC 2865 §3), so only one of the two would be recognised: change or remove the other first",
                ("address", canonicalAddress), ("name", sameAddress.Name), ("source", sameAddress.Source == "stored" ? "database" : "configuration")));
        }

        var coaPort = change.CoaPort ?? existing?.CoaPort ?? 3799;
        if (coaPort is < 1 or > 65535)
        {
            return AdminResult<NasClient>.Invalid(Refusal.Of(RefusalCodes.NasCoaPortRange, $"coaPort: {coaPort} is not 1 to 65535", ("port", coaPort)));
        }

        var latitude = change.Latitude ?? (change.ClearLatitude ? null : existing?.Latitude);
        var longitude = change.Longitude ?? (change.ClearLongitude ? null : existing?.Longitude);
        if (CoordinatesError(latitude, longitude) is { } coordinatesError)
        {
            return AdminResult<NasClient>.Invalid(coordinatesError);
        }

        var client = new NasClient
        {
            Name = name,
            Address = canonicalAddress,
            Secret = secret,
            Tenant = Label(change.Tenant, existing?.Tenant),
            GroupName = Label(change.GroupName, existing?.GroupName),
            RequireMessageAuthenticator = change.RequireMessageAuthenticator ?? existing?.RequireMessageAuthenticator ?? true,
            CoaPort = coaPort,
            Latitude = latitude,
            Longitude = longitude,
        };
        await nasClients.UpsertAsync(client, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.NasUpsert,
        [
            new("name", client.Name), new("address", client.Address), new("tenant", client.Tenant), new("group", client.GroupName),
            new("require_message_authenticator", client.RequireMessageAuthenticator ? "true" : "false"),
            new("coa_port", client.CoaPort.ToString(CultureInfo.InvariantCulture)),
            new("secret_changed", change.Secret is not null && change.Secret != existing?.Secret ? "true" : "false"),
        ], cancellationToken);
        return AdminResult<NasClient>.Ok(client);
    }

    /// <summary>Removes a NAS client: its requests are dropped from then on.</summary>
    /// <returns>NotFound when there is none with this name.</returns>
    public async Task<AdminResult<string>> RemoveNasAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (!await nasClients.RemoveAsync(name ?? "", cancellationToken))
        {
            return AdminResult<string>.NotFound(Refusal.Of(RefusalCodes.NasNotFound, $"no NAS client is named {name}", ("name", name)));
        }

        await audit.WriteAsync(actor, AuditActions.NasRemove, [new("name", name)], cancellationToken);
        return AdminResult<string>.Ok(name!);
    }

    /// <summary>Open sessions matching <paramref name="criteria"/> (its period ignored), oldest first.</summary>
    /// <param name="criteria">NAS, account, MAC or IP filters, or null for all.</param>
    /// <param name="limit">1 to <see cref="MaxSessions"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<HotspotSession>> ListOpenSessionsAsync(ConnectionLogCriteria? criteria, int limit, CancellationToken cancellationToken) =>
        sessions.SearchAsync((criteria ?? new ConnectionLogCriteria()) with { From = null, To = null, OpenOnly = true }, Math.Clamp(limit, 1, MaxSessions), cancellationToken);

    /// <summary>
    /// Sessions, open or ended, matching <paramref name="criteria"/> within the last
    /// <see cref="AdminOptions.SearchWindowDays"/> (the default start of the period); older ones are for the audited
    /// export only.
    /// </summary>
    /// <returns>The sessions, oldest first; Invalid when the period starts before the window.</returns>
    public async Task<AdminResult<IReadOnlyList<HotspotSession>>> SearchSessionsAsync(ConnectionLogCriteria criteria, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var days = options.Value.Admin.SearchWindowDays;
        var windowStart = time.GetUtcNow() - TimeSpan.FromDays(days);
        if (criteria.From is { } from && from < windowStart)
        {
            return AdminResult<IReadOnlyList<HotspotSession>>.Invalid(
                $"from: a search covers the last {days} day(s) (since {windowStart.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); older sessions are exported by the dpo role (GET /api/admin/legal-log/export), which is audited");
        }

        var bounded = criteria with { From = criteria.From ?? windowStart };
        return AdminResult<IReadOnlyList<HotspotSession>>.Ok(await sessions.SearchAsync(bounded, Math.Clamp(limit, 1, MaxSessions), cancellationToken));
    }

    /// <summary>Disconnects one session at its NAS (Disconnect-Request, RFC 5176 §3.1), open or not (the NAS answers NAK 503 for a session it no longer has).</summary>
    /// <returns>The disconnection; NotFound when no session has this NAS and Acct-Session-Id.</returns>
    public async Task<AdminResult<SessionDisconnection>> DisconnectSessionAsync(string nas, string acctSessionId, string actor, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(nas ?? "", acctSessionId ?? "", cancellationToken);
        if (session is null)
        {
            return AdminResult<SessionDisconnection>.NotFound($"no session {acctSessionId} on NAS {nas}");
        }

        var disconnection = (await disconnector.DisconnectAsync([session], cancellationToken))[0];
        await audit.WriteAsync(actor, AuditActions.SessionDisconnect, Summarise([disconnection]), cancellationToken);
        return AdminResult<SessionDisconnection>.Ok(disconnection);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Summarise(IReadOnlyList<SessionDisconnection> disconnections)
    {
        if (disconnections.Count == 1)
        {
            var d = disconnections[0];
            yield return new("nas", d.Nas);
            yield return new("acct_session_id", d.AcctSessionId);
            yield return new("outcome", d.Result.Outcome.ToString());
            if (d.Result.ErrorCause is { } cause)
            {
                yield return new("error_cause", cause.ToString(CultureInfo.InvariantCulture));
            }

            yield break;
        }

        yield return new("sessions", disconnections.Count.ToString(CultureInfo.InvariantCulture));
        yield return new("disconnected", disconnections.Count(d => d.Result.SessionGone).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The shortest RADIUS shared secret taken without a warning, in octets (RFC 2865 §3: "at least 16 octets").</summary>
    public const int RecommendedSecretOctets = 16;

    /// <summary>
    /// The warning for NAS <paramref name="name"/>'s shared secret when it is shorter than <see cref="RecommendedSecretOctets"/>
    /// octets in UTF-8, or null. The secret is saved all the same (a terminal's existing secret may be short); a short one
    /// can be found offline from a single captured Access-Request (RFC 2865 §3). The CLI prints its message; the admin APIs
    /// return it beside the saved client.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is null.</exception>
    public static ShortSecretWarning? ShortSecretWarning(string name, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var octets = Encoding.UTF8.GetByteCount(secret);
        return octets >= RecommendedSecretOctets
            ? null
            : new ShortSecretWarning(ShortSecretWarningCode, octets, RecommendedSecretOctets,
                $"the shared secret of {name} has {octets} octet{(octets == 1 ? "" : "s")}; RFC 2865 §3 recommends at least {RecommendedSecretOctets}: " +
                "a short one can be found offline from a single captured Access-Request");
    }

    /// <summary>The longest RADIUS shared secret taken, in UTF-8 octets (FreeRADIUS's and CoovaChilli's configurations take less).</summary>
    public const int MaxSecretOctets = 128;

    /// <summary>The longest NAS name, tenant or group, in characters.</summary>
    public const int MaxNasNameLength = 64;

    /// <summary>
    /// Why <paramref name="name"/> cannot name a NAS client, or null: 1 to <see cref="MaxNasNameLength"/> letters (of any
    /// script, accented ones in their composed form), digits 0 to 9, '.', '-' or '_', starting with a letter or digit (it is
    /// the terminal's <c>host</c> in the dashboard and in its URLs, and a field of log lines and of the CLI's tables).
    /// Refused as look-alikes of another name: combining accents, the Halfwidth and Fullwidth Forms (U+FF00–U+FFEF,
    /// <c>ｂorne-1</c>), digits of other scripts (Arabic-Indic <c>٣</c>). No Unicode normalisation is applied (this process
    /// runs with invariant globalisation, where <see cref="string.Normalize()"/> does nothing): the name is refused
    /// instead. The character at fault is named by its code point, so that a control character is seen.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static string? NasNameError(string name) => NasNameRefusal(name)?.Sentence;

    /// <summary>
    /// Why <paramref name="name"/> cannot name a NAS client, as <see cref="NasNameError"/> says, with its code
    /// (<c>nas.name.…</c> of <see cref="RefusalCodes"/>) and values; or null.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static Refusal? NasNameRefusal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNasNameLength)
        {
            return Refusal.Of(RefusalCodes.NasNameLength, $"name: 1 to {MaxNasNameLength} characters are needed ({name.Length} given)",
                ("max", MaxNasNameLength), ("length", name.Length));
        }

        if (!Rune.IsLetterOrDigit(Rune.GetRuneAt(name, 0)))
        {
            return Refusal.Of(RefusalCodes.NasNameStart, "name: a terminal's name starts with a letter or a digit (e.g. mediatheque-1)");
        }

        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                // A decomposed "é" (e + U+0301) would be another name that reads the same; this process has no Unicode
                // normalisation tables (invariant globalisation), so the composed form is asked for.
                return Refusal.Of(RefusalCodes.NasNameCombining,
                    $"name: a combining accent (U+{rune.Value:X4}) is not allowed; type the accented letter itself (é, not e followed by an accent)", ("codePoint", CodePoint(rune)));
            }

            if (rune.Value is >= 0xFF00 and <= 0xFFEF)
            {
                // A fullwidth "ｂ" reads as "b" (an East Asian keyboard's input mode): another name that looks the same.
                var plain = rune.Value is >= 0xFF01 and <= 0xFF5E ? ((char)(rune.Value - 0xFEE0)).ToString() : "";
                var ordinary = plain.Length > 0 ? $" ('{plain}')" : "";
                return Refusal.Of(RefusalCodes.NasNameFullwidth, $"name: '{rune}' (U+{rune.Value:X4}) is a halfwidth or fullwidth form; type the ordinary character{ordinary}",
                    ("character", rune.ToString()), ("codePoint", CodePoint(rune)), ("ordinary", plain));
            }

            if (Rune.IsDigit(rune) && rune.Value is not (>= '0' and <= '9'))
            {
                return Refusal.Of(RefusalCodes.NasNameDigit, $"name: '{rune}' (U+{rune.Value:X4}) is a digit of another script; a terminal's name takes the digits 0 to 9",
                    ("character", rune.ToString()), ("codePoint", CodePoint(rune)));
            }

            if (!Rune.IsLetterOrDigit(rune) && rune.Value is not ('.' or '-' or '_'))
            {
                var kind = Rune.IsControl(rune) ? "control" : Rune.IsWhiteSpace(rune) ? "space" : "other";
                var shown = kind switch { "control" => "a control character ", "space" => "a space ", _ => $"'{rune}' " };
                return Refusal.Of(RefusalCodes.NasNameCharacter,
                    $"name: {shown}(U+{rune.Value:X4}) is not allowed; a terminal's name is letters, digits, '.', '-' or '_' (e.g. mediatheque-1)",
                    ("character", kind == "other" ? rune.ToString() : ""), ("codePoint", CodePoint(rune)), ("kind", kind));
            }
        }

        return null;
    }

    /// <summary>
    /// Why a terminal cannot be placed at <paramref name="latitude"/>, <paramref name="longitude"/> (WGS 84 degrees, the
    /// values it will have once changed), or null: latitude -90 to 90, longitude -180 to 180, and both or neither (one alone
    /// places it nowhere on the map). The message starts with the member at fault (out of range, else the missing one).
    /// </summary>
    private static Refusal? CoordinatesError(double? latitude, double? longitude) => (latitude, longitude) switch
    {
        ({ } lat, _) when !(lat is >= -90 and <= 90) =>
            Refusal.Of(RefusalCodes.NasLatitudeRange, string.Create(CultureInfo.InvariantCulture, $"latitude: {lat} is not -90 to 90 (WGS 84 degrees)"), ("latitude", lat)),
        (_, { } lon) when !(lon is >= -180 and <= 180) =>
            Refusal.Of(RefusalCodes.NasLongitudeRange, string.Create(CultureInfo.InvariantCulture, $"longitude: {lon} is not -180 to 180 (WGS 84 degrees)"), ("longitude", lon)),
        ({ }, null) => Refusal.Of(RefusalCodes.NasLongitudeMissing,
            "longitude: a latitude without a longitude places the terminal nowhere on the map; give both (WGS 84 degrees) or neither"),
        (null, { }) => Refusal.Of(RefusalCodes.NasLatitudeMissing,
            "latitude: a longitude without a latitude places the terminal nowhere on the map; give both (WGS 84 degrees) or neither"),
        _ => null,
    };

    private static Refusal? LabelError(string what, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > MaxNasNameLength)
        {
            return Refusal.Of(RefusalCodes.NasLabelLength, $"{what}: at most {MaxNasNameLength} characters ({trimmed.Length} given)",
                ("member", what), ("max", MaxNasNameLength), ("length", trimmed.Length));
        }

        return trimmed.Any(char.IsControl)
            ? Refusal.Of(RefusalCodes.NasLabelControl, $"{what}: control characters (line breaks, tabs…) are not allowed", ("member", what))
            : null;
    }

    /// <summary>A code point as Unicode writes it: <c>U+0301</c>.</summary>
    private static string CodePoint(Rune rune) => string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");

    private static bool SameNetwork(string address, IPNetwork network)
    {
        try
        {
            return NasClient.ParseNetwork(address.Trim()).Equals(network);
        }
        catch (FormatException)
        {
            return false; // a stored or configured address the registry cannot read either: it recognises nobody by it
        }
    }

    /// <summary>The <see cref="Admin.ShortSecretWarning.Code"/> of a short shared secret, for clients that word it in their own language.</summary>
    public const string ShortSecretWarningCode = "short_secret";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A tenant or group as changed: null keeps <paramref name="current"/>, empty (or blank) sets <c>default</c> again.</summary>
    private static string Label(string? change, string? current) =>
        change is null ? current ?? "default" : NonEmpty(change) ?? "default";
}

/// <summary>
/// A NAS client saved with a shared secret shorter than RFC 2865 §3 recommends (JSON: <c>{"code":"short_secret","octets":3,
/// "recommendedOctets":16,"message":"…"}</c>).
/// </summary>
/// <param name="Code"><see cref="HotspotAdministration.ShortSecretWarningCode"/>.</param>
/// <param name="Octets">The secret's length, in UTF-8 octets.</param>
/// <param name="RecommendedOctets">The shortest length taken without a warning, in octets (16).</param>
/// <param name="Message">The warning in English, naming the NAS (the CLI prints it after "warning: ").</param>
public sealed record ShortSecretWarning(string Code, int Octets, int RecommendedOctets, string Message);

/// <summary>
/// The values to set on a NAS client; null keeps the current value (or the default for a new client). An empty (or
/// blank) <see cref="Tenant"/> or <see cref="GroupName"/> sets it back to <c>default</c>: a form's cleared field.
/// <see cref="ClearLatitude"/> and <see cref="ClearLongitude"/> clear a coordinate (when no value is given for it): the
/// CLI's <c>--clear-location</c>, an API body's explicit <c>null</c> (<see cref="NasLocationMembers"/>).
/// </summary>
/// <param name="Address">IP address or CIDR network (a single address for Disconnect/CoA).</param>
/// <param name="Secret">RADIUS shared secret.</param>
/// <param name="Tenant">Member body operating the terminal; empty for <c>default</c>.</param>
/// <param name="GroupName">Terminal group (access policy); empty for <c>default</c>.</param>
/// <param name="RequireMessageAuthenticator">Require Message-Authenticator in Access-Request (CVE-2024-3596).</param>
/// <param name="CoaPort">Dynamic Authorization UDP port (RFC 5176 §2.3; 3799).</param>
/// <param name="Latitude">Latitude, WGS 84 degrees.</param>
/// <param name="Longitude">Longitude, WGS 84 degrees.</param>
/// <param name="ClearLatitude">True to clear the latitude when <paramref name="Latitude"/> is null (a terminal taken off the map).</param>
/// <param name="ClearLongitude">True to clear the longitude when <paramref name="Longitude"/> is null.</param>
public sealed record NasClientChange(
    string? Address = null,
    string? Secret = null,
    string? Tenant = null,
    string? GroupName = null,
    bool? RequireMessageAuthenticator = null,
    int? CoaPort = null,
    double? Latitude = null,
    double? Longitude = null,
    bool ClearLatitude = false,
    bool ClearLongitude = false);
