namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// The ACL entries that apply to one client, in the order Mosquitto 2.0's default ACL check reads them
/// (<c>src/security_default.c</c>, <c>mosquitto_acl_check_default</c>): the user's own <c>deny</c> entries, then its
/// grants in file order, then the <c>pattern</c> denials, then the pattern grants. The first entry whose filter matches
/// the topic decides; no match means no access.
/// </summary>
/// <param name="Entries">The entries, in evaluation order.</param>
public sealed record ClientAccessRules(IReadOnlyList<AclEntry> Entries)
{
    /// <summary>No access at all (an unknown user, a user whose ACL block could not be read).</summary>
    public static ClientAccessRules Nothing { get; } = new([]);

    /// <summary>
    /// True when a client with these rules may <paramref name="access"/> (<see cref="TopicAccess.Read"/> or
    /// <see cref="TopicAccess.Write"/>) <paramref name="topic"/>. A filter that does not start with <c>$</c> never
    /// matches a topic that does (Mosquitto's rule, as for subscriptions in MQTT 5 §4.7.2).
    /// </summary>
    public bool Allows(string topic, TopicAccess access)
    {
        ArgumentNullException.ThrowIfNull(topic);
        foreach (var entry in Entries)
        {
            if (topic.StartsWith('$') && !entry.Filter.StartsWith('$'))
            {
                continue;
            }

            if (TopicFilters.Matches(entry.Filter, topic))
            {
                if (entry.IsDeny)
                {
                    return false;
                }

                if ((entry.Access & access) != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when a subscription to <paramref name="filter"/> (a shared subscription's <c>$share/&lt;group&gt;/</c>
    /// prefix removed) can receive only topics these rules let the client read: one <c>read</c> grant covers the
    /// whole filter and no <c>deny</c> entry reaches into it. Stricter than Mosquitto 2.0, which grants every
    /// subscription and checks each delivered message: the embedded broker (MQTTnet) hands retained messages to a new
    /// subscription without a per-message check, so a subscription must be readable as a whole.
    /// </summary>
    public bool AllowsSubscription(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var effective = TopicFilters.WithoutSharePrefix(filter);
        if (!TopicFilters.IsValidFilter(effective))
        {
            return false;
        }

        var covered = false;
        foreach (var entry in Entries)
        {
            if (entry.IsDeny)
            {
                if (TopicFilters.Intersects(entry.Filter, effective))
                {
                    return false;
                }
            }
            else if ((entry.Access & TopicAccess.Read) != 0 && TopicFilters.Covers(entry.Filter, effective))
            {
                covered = true;
            }
        }

        return covered;
    }
}
