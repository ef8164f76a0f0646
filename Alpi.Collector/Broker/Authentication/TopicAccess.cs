namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// What an ACL entry grants, as in a Mosquitto <c>acl_file</c> (mosquitto.conf(5)): <c>read</c> (receive messages on the
/// topic), <c>write</c> (publish on it), <c>readwrite</c>, or <c>deny</c> (<see cref="None"/>: neither, whatever a later
/// entry grants).
/// </summary>
[Flags]
public enum TopicAccess
{
    /// <summary><c>deny</c>: an explicit refusal, checked before the grants of the same list.</summary>
    None = 0,

    /// <summary><c>read</c>: the client may receive messages published on matching topics.</summary>
    Read = 1,

    /// <summary><c>write</c>: the client may publish on matching topics.</summary>
    Write = 2,

    /// <summary><c>readwrite</c>.</summary>
    ReadWrite = Read | Write,
}

/// <summary>One ACL line, resolved for a client: a topic filter and what it grants (or <see cref="TopicAccess.None"/> to deny).</summary>
/// <param name="Filter">MQTT topic filter (<c>alpi/mairie/srv-01/#</c>), with any <c>%u</c>/<c>%c</c> already replaced.</param>
/// <param name="Access">What a matching topic allows.</param>
public sealed record AclEntry(string Filter, TopicAccess Access)
{
    /// <summary>True for a <c>deny</c> entry.</summary>
    public bool IsDeny => Access == TopicAccess.None;
}
