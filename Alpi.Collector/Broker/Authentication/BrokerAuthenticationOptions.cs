namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// Authentication and access control of the embedded broker (<c>Collector:Broker:Authentication</c>), reading the same
/// files as Mosquitto (<c>install/mosquitto/</c>), so that moving to Mosquitto is only a matter of pointing at it.
/// </summary>
public sealed class BrokerAuthenticationOptions
{
    /// <summary>
    /// True: every MQTT client gives a user name and password (anonymous, unknown and wrong-password clients get CONNACK 0x87 Not authorized) and
    /// may publish and receive only what its ACL grants. The collector's own clients, its local agent and the bundled
    /// hotspot controller get generated credentials. Default false (anyone who reaches the port may publish anything).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Mosquitto password file (<c>mosquitto_passwd</c>'s <c>$7$</c> PBKDF2-SHA512 or <c>$6$</c> hashes), e.g.
    /// <c>/etc/mosquitto/alpi/passwd</c> as written by <c>add-agent.sh</c>. Reread when it changes (checked at most once a
    /// second). Null: only the collector's own generated users can log in.
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>
    /// Mosquitto ACL file (<c>user</c>, <c>topic</c>, <c>pattern</c> lines), e.g. <c>/etc/mosquitto/alpi/acl</c>. Reread when it
    /// changes. Null: the Alpi convention alone — a user named <c>&lt;tenant&gt;.&lt;host&gt;</c> (the tenant without a dot)
    /// may publish under <c>alpi/&lt;tenant&gt;/&lt;host&gt;/#</c> and read nothing, any other user may do nothing.
    /// </summary>
    public string? AclFile { get; set; }
}
