using System.Collections.Concurrent;
using System.Text;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Collector.Traps;

/// <summary>
/// The configured SNMPv3 users of the trap receiver with their keys localised per authoritative engine
/// (RFC 3414 §2.6: <c>Kul = H(Ku ‖ engineID ‖ Ku)</c>). The password-to-key step (1 MiB of hashing, RFC 3414 A.2) is
/// done once per user at start; localisation is cached per engine, bounded, for users not tied to one engine.
/// </summary>
/// <remarks>Sources: RFC 3414 §2.1 (usmUserTable keyed by engine ID and user name), §2.6, A.2; RFC 3826 §3.1.2.1; RFC 7860 §4.2.2.</remarks>
public sealed class TrapUsmUsers
{
    private const int MaxCachedKeys = 4096;
    private readonly List<User> _users = [];
    private readonly ConcurrentDictionary<(int User, string EngineHex), TrapUsmKeys> _keys = new();

    /// <summary>Builds the user table from validated options (invalid entries are skipped: validation reports them).</summary>
    /// <param name="users">The configured users.</param>
    public TrapUsmUsers(IEnumerable<TrapUserOptions> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var u in users)
        {
            if (!TrapProtocolNames.TryParseAuth(u.AuthProtocol, out var auth) || !TrapProtocolNames.TryParsePriv(u.PrivProtocol, out var priv)
                || !TrapProtocolNames.TryParseEngineId(u.EngineId, out var engine) || !Enum.TryParse<UsmKeyExtension>(u.KeyExtension, true, out var extension)
                || (priv != SnmpPrivProtocol.None && auth == SnmpAuthProtocol.None))
            {
                continue;
            }

            var authKu = auth == SnmpAuthProtocol.None ? [] : UsmKeys.PasswordToKey(auth, u.AuthPassword ?? "");
            var privKu = priv == SnmpPrivProtocol.None ? [] : UsmKeys.PasswordToKey(auth, u.PrivPassword ?? "");
            _users.Add(new User(Encoding.UTF8.GetBytes(u.UserName), engine, auth, priv, extension, authKu, privKu));
        }
    }

    /// <summary>The number of usable users.</summary>
    public int Count => _users.Count;

    /// <summary>
    /// The keys of <paramref name="userName"/> for <paramref name="engineId"/>: a user configured for that engine first,
    /// else one configured for any engine; null when there is none (usmStatsUnknownUserNames, RFC 3414 §3.2 step 4).
    /// </summary>
    public TrapUsmKeys? Find(ReadOnlySpan<byte> userName, ReadOnlySpan<byte> engineId)
    {
        if (engineId.IsEmpty)
        {
            return null;
        }

        var index = -1;
        for (var i = 0; i < _users.Count; i++)
        {
            var u = _users[i];
            if (!u.Name.AsSpan().SequenceEqual(userName))
            {
                continue;
            }

            if (u.EngineId.AsSpan().SequenceEqual(engineId))
            {
                index = i;
                break;
            }

            if (u.EngineId.Length == 0 && index < 0)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return null;
        }

        var key = (index, Convert.ToHexString(engineId));
        if (_keys.TryGetValue(key, out var keys))
        {
            return keys;
        }

        if (_keys.Count >= MaxCachedKeys)
        {
            _keys.Clear();
        }

        keys = Localize(_users[index], engineId);
        _keys[key] = keys;
        return keys;
    }

    private static TrapUsmKeys Localize(User u, ReadOnlySpan<byte> engineId)
    {
        var authKey = u.Auth == SnmpAuthProtocol.None ? [] : UsmKeys.Localize(u.Auth, u.AuthKu, engineId);
        byte[] privKey = [];
        if (u.Priv != SnmpPrivProtocol.None)
        {
            var kul = UsmKeys.Localize(u.Auth, u.PrivKu, engineId);
            privKey = UsmKeys.ExtendKey(u.Auth, kul, engineId, UsmKeys.PrivKeyLength(u.Priv), u.Extension);
        }

        return new TrapUsmKeys(u.Name, u.Auth, u.Priv, authKey, privKey);
    }

    private sealed record User(byte[] Name, byte[] EngineId, SnmpAuthProtocol Auth, SnmpPrivProtocol Priv, UsmKeyExtension Extension, byte[] AuthKu, byte[] PrivKu);
}

/// <summary>A user's protocols and keys localised to one engine.</summary>
/// <param name="UserName">msgUserName.</param>
/// <param name="Auth">Authentication protocol.</param>
/// <param name="Priv">Privacy protocol.</param>
/// <param name="AuthKey">Localised authentication key (RFC 3414 §2.6), empty without authentication.</param>
/// <param name="PrivKey">Localised (and extended) privacy key, empty without privacy.</param>
public sealed record TrapUsmKeys(byte[] UserName, SnmpAuthProtocol Auth, SnmpPrivProtocol Priv, byte[] AuthKey, byte[] PrivKey);
