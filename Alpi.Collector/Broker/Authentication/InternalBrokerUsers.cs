using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// Credentials generated at start for the clients that run in the collector's process (its ingest and other MQTT clients,
/// its local agent, the bundled hotspot controller), so that they keep working when the embedded broker requires
/// authentication, without any password to configure. Each user name contains a <c>:</c>, which a Mosquitto password
/// file cannot hold, so no file user can take it; each password is 32 random octets (base64url), held in memory only and
/// never logged; each user has its own fixed rules, whatever the ACL file says.
/// </summary>
public sealed class InternalBrokerUsers
{
    /// <summary>The collector's own clients: read and write every topic except <c>$</c> topics.</summary>
    public const string Collector = "alpi:collector";

    /// <summary>The collector's local agent: write its own <c>alpi/&lt;tenant&gt;/&lt;host&gt;/#</c>, read nothing.</summary>
    public const string LocalAgent = "alpi:local-agent";

    /// <summary>The bundled hotspot controller: write <c>alpi/+/+/metrics|status|events</c>, read nothing (as <c>add-hotspot.sh</c>).</summary>
    public const string Hotspot = "alpi:hotspot";

    private readonly ConcurrentDictionary<string, (byte[] Password, ClientAccessRules Rules)> _users = new(StringComparer.Ordinal);

    /// <summary>The rules of the collector's own clients.</summary>
    public static ClientAccessRules CollectorRules { get; } = new([new AclEntry("#", TopicAccess.ReadWrite)]);

    /// <summary>The rules of a hotspot controller, as <c>install/mosquitto/add-hotspot.sh</c> writes them.</summary>
    public static ClientAccessRules HotspotRules { get; } = new(
    [
        new AclEntry("alpi/+/+/metrics", TopicAccess.Write),
        new AclEntry("alpi/+/+/status", TopicAccess.Write),
        new AclEntry("alpi/+/+/events", TopicAccess.Write),
    ]);

    /// <summary>
    /// The password of <paramref name="userName"/>, generated on first call; later calls return the same password and
    /// replace the rules.
    /// </summary>
    /// <exception cref="ArgumentException">The user name has no <c>:</c> (it could then collide with a file user).</exception>
    public string Issue(string userName, ClientAccessRules rules)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(rules);
        if (!IsInternal(userName))
        {
            throw new ArgumentException($"Internal user name \"{userName}\" must contain ':'.", nameof(userName));
        }

        var entry = _users.AddOrUpdate(userName,
            _ => (Encoding.ASCII.GetBytes(Base64Url(RandomNumberGenerator.GetBytes(32))), rules),
            (_, existing) => (existing.Password, rules));
        return Encoding.ASCII.GetString(entry.Password);
    }

    /// <summary>True when <paramref name="userName"/> is reserved for internal users (it contains <c>:</c>).</summary>
    public static bool IsInternal(string? userName) => userName?.Contains(':', StringComparison.Ordinal) == true;

    /// <summary>True with the user's rules when <paramref name="userName"/> was issued and <paramref name="password"/> is its password (constant time).</summary>
    public bool TryVerify(string userName, ReadOnlySpan<byte> password, out ClientAccessRules rules)
    {
        rules = ClientAccessRules.Nothing;
        if (!_users.TryGetValue(userName, out var entry) || !CryptographicOperations.FixedTimeEquals(entry.Password, password))
        {
            return false;
        }

        rules = entry.Rules;
        return true;
    }

    /// <summary>The rules of an issued user, or null.</summary>
    public ClientAccessRules? RulesOf(string userName) => _users.TryGetValue(userName, out var entry) ? entry.Rules : null;

    private static string Base64Url(byte[] octets) => Convert.ToBase64String(octets).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
