using Alpi.Protocols.Mqtt;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// The access of an agent under the Alpi naming convention of <c>install/mosquitto/add-agent.sh</c>: user name
/// <c>&lt;tenant&gt;.&lt;host&gt;</c>, the tenant without a dot, may write <c>alpi/&lt;tenant&gt;/&lt;host&gt;/#</c> and read
/// nothing (../shared/ARCHITECTURE.md, "Wire conventions": an agent may publish only under its own tenant and host).
/// </summary>
public static class AlpiAgentConvention
{
    /// <summary>The rules of <paramref name="userName"/>: one write grant when it follows the convention, else none.</summary>
    public static ClientAccessRules RulesFor(string? userName)
    {
        if (userName is null)
        {
            return ClientAccessRules.Nothing;
        }

        var dot = userName.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == userName.Length - 1)
        {
            return ClientAccessRules.Nothing;
        }

        var tenant = userName[..dot];
        var host = userName[(dot + 1)..];
        return AlpiTopic.IsValidLevel(tenant) && AlpiTopic.IsValidLevel(host)
            ? ForAgent(tenant, host)
            : ClientAccessRules.Nothing;
    }

    /// <summary>Write <c>alpi/&lt;tenant&gt;/&lt;host&gt;/#</c>, read nothing.</summary>
    /// <exception cref="ArgumentException">Tenant or host is not a valid topic level.</exception>
    public static ClientAccessRules ForAgent(string tenant, string host)
    {
        if (!AlpiTopic.IsValidLevel(tenant) || !AlpiTopic.IsValidLevel(host))
        {
            throw new ArgumentException($"\"{tenant}\"/\"{host}\" is not a valid tenant and host pair of topic levels.");
        }

        return new([new AclEntry($"{AlpiTopic.Root}/{tenant}/{host}/#", TopicAccess.Write)]);
    }
}
