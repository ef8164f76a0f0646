using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// Enforces <see cref="BrokerAccessPolicy"/> on the embedded MQTTnet 5 server, as Mosquitto 2.0 does with
/// <c>allow_anonymous false</c>, <c>password_file</c> and <c>acl_file</c> (install/mosquitto/alpi.conf):
/// <list type="bullet">
/// <item>CONNECT (<c>ValidatingConnectionAsync</c>): no user name, an unknown user or a wrong password → CONNACK 0x87 Not
/// authorized (MQTT 3.1.1: 5), as Mosquitto 2.0 answers all three; a client identifier whose session belongs to another
/// user → 0x85 Client identifier not valid (taking it over would hand over that session's queued messages). The log and
/// the counters tell the reasons apart.</item>
/// <item>PUBLISH and wills (<c>InterceptingPublishAsync</c>): a topic the client may not write is dropped — no subscriber
/// and no retained store sees it; an MQTT 5 publisher gets PUBACK 0x87 Not authorized, an MQTT 3.1.1 publisher a plain
/// PUBACK, as with Mosquitto.</item>
/// <item>SUBSCRIBE (<c>InterceptingSubscriptionAsync</c>): a filter the client may not read as a whole gets SUBACK 0x87
/// (see <see cref="ClientAccessRules.AllowsSubscription"/>).</item>
/// <item>Delivery (<c>InterceptingClientEnqueueAsync</c>): a message whose topic the receiver may not read (its ACL
/// changed, or a persistent session was resumed) is not queued for it, as Mosquitto checks read access per message.</item>
/// </list>
/// Every refusal is logged (client, user, topic; never a password) and counted in <see cref="BrokerSecurityStatistics"/>.
/// </summary>
public sealed partial class BrokerAccessControl(BrokerAccessPolicy policy, BrokerSecurityStatistics statistics, ILogger<BrokerAccessControl> logger)
{
    // Client identifier → user name of the client that last connected with it: the owner of that session.
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>Subscribes the publish, subscription, delivery and session events of <paramref name="server"/>.</summary>
    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.InterceptingPublishAsync += OnPublishAsync;
        server.InterceptingSubscriptionAsync += OnSubscriptionAsync;
        server.InterceptingClientEnqueueAsync += OnEnqueueAsync;
        server.SessionDeletedAsync += e =>
        {
            _owners.TryRemove(e.Id, out _);
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Authenticates a CONNECT; on refusal sets <see cref="ValidatingConnectionEventArgs.ReasonCode"/>.
    /// </summary>
    /// <param name="e">The event.</param>
    /// <param name="clientId">The client identifier, as given or as assigned by the broker.</param>
    /// <returns>True when the client may connect.</returns>
    public bool Validate(ValidatingConnectionEventArgs e, string clientId)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(clientId);
        var endpoint = e.RemoteEndPoint?.ToString() ?? "?";
        var refusal = policy.Authenticate(e.UserName, e.RawPassword ?? []);
        if (refusal is null && _owners.TryGetValue(clientId, out var owner) && owner != e.UserName)
        {
            refusal = BrokerRefusal.ClientIdTaken;
        }

        switch (refusal)
        {
            case null:
                _owners[clientId] = e.UserName!;
                return true;
            case BrokerRefusal.Anonymous:
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                Log.AnonymousRefused(logger, clientId, endpoint);
                break;
            case BrokerRefusal.ClientIdTaken:
                e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                Log.ClientIdTaken(logger, clientId, e.UserName!, endpoint);
                break;
            default:
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                Log.BadCredentials(logger, e.UserName!, clientId, endpoint);
                break;
        }

        statistics.CountRefusedConnection(refusal);
        return false;
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId) || string.IsNullOrEmpty(e.ApplicationMessage?.Topic))
        {
            // Injected by the server itself, or a topic alias MQTTnet could not resolve (it answers that itself).
            return Task.CompletedTask;
        }

        if (!policy.RulesFor(e.UserName, e.ClientId).Allows(e.ApplicationMessage.Topic, TopicAccess.Write))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = "not authorised to publish on this topic";
            statistics.CountRefusedPublish();
            Log.PublishRefused(logger, e.ClientId, e.UserName ?? "", e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }

    private Task OnSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter?.Topic ?? "";
        if (!policy.RulesFor(e.UserName, e.ClientId).AllowsSubscription(filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ReasonString = "not authorised to read every topic of this filter";
            statistics.CountRefusedSubscription();
            Log.SubscriptionRefused(logger, e.ClientId, e.UserName ?? "", filter);
        }

        return Task.CompletedTask;
    }

    private Task OnEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var userName = _owners.GetValueOrDefault(e.ReceiverClientId);
        if (!policy.RulesFor(userName, e.ReceiverClientId).Allows(e.ApplicationMessage.Topic, TopicAccess.Read))
        {
            e.AcceptEnqueue = false;
            statistics.CountRefusedDelivery();
            Log.DeliveryRefused(logger, e.ReceiverClientId, userName ?? "", e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }
}
