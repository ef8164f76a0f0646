using System.Buffers;
using System.Collections.Concurrent;
using Alpi.Agent.Publishing;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// A batch the broker will never accept (too large for it) must not block the buffer: dropped, counted by reason, and
/// the next batches go on; a transient refusal is still retried. The broker is an MQTTnet server on loopback that
/// refuses, as the collector's embedded broker does, a payload over its limit.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PublishRefusalTests
{
    private const int LimitBytes = 1_000;

    // MQTT 5 §3.4.2.1, one comment per code.
    [TestCase(0x83, true, Description = "implementation specific: valid, but the receiver is not willing to accept it")]
    [TestCase(0x95, true, Description = "packet too large: Mosquitto 2.0's PUBACK for a payload over message_size_limit")]
    [TestCase(0x97, true, Description = "quota exceeded: the collector's embedded broker's answer to a payload over MaxPayloadBytes")]
    [TestCase(0x99, true, Description = "payload format invalid")]
    [TestCase(0x80, false, Description = "unspecified error: may be transient")]
    [TestCase(0x87, false, Description = "not authorized: the topic of every batch, a broker configuration to fix; dropping would empty the buffer")]
    [TestCase(0x90, false, Description = "topic name invalid: same, for every batch")]
    [TestCase(0x91, false, Description = "packet identifier in use: transient")]
    public void IsPermanent_ByReasonCode(int code, bool permanent) =>
        PublishRefusal.IsPermanent((MqttClientPublishReasonCode)code).Should().Be(permanent);

    [Test]
    public async Task TooLargeBatch_IsDroppedAndCounted_AndTheNextBatchesGoOn()
    {
        await using var broker = await RefusingBroker.StartAsync(MqttPubAckReasonCode.QuotaExceeded, refusals: int.MaxValue);
        using var data = new TempDirectory("alpi-agent");
        var options = BacklogFixture.Options(data.Path);
        options.Broker.Port = broker.Port;
        using var backlog = BacklogFixture.Backlog(options);
        backlog.Open();
        backlog.Enqueue(BacklogFixture.Batch(0));
        backlog.Enqueue(BacklogFixture.Batch(1, bytes: LimitBytes + 1, points: 3));
        backlog.Enqueue(BacklogFixture.Batch(2));

        using var loop = new MqttPublishLoop(backlog, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<MqttPublishLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            var accepted = await Eventually.WaitAsync(() => Task.FromResult(broker.Accepted.Contains(2) ? broker.Accepted.ToList() : null), TimeSpan.FromSeconds(20));

            accepted.Should().Equal([0, 2], "the refused batch no longer blocks the one behind it");
            backlog.RefusedByReason.Should().ContainKey("quota_exceeded").WhoseValue.Should().Be((1L, 3L));
            backlog.Count.Should().Be(0, "the refused batch is gone from the buffer");
            broker.Refused.Should().Be(1, "refused once, not retried");
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task TransientRefusal_IsRetriedUntilAccepted_InOrder()
    {
        await using var broker = await RefusingBroker.StartAsync(MqttPubAckReasonCode.UnspecifiedError, refusals: 2);
        using var data = new TempDirectory("alpi-agent");
        var options = BacklogFixture.Options(data.Path);
        options.Broker.Port = broker.Port;
        using var backlog = BacklogFixture.Backlog(options);
        backlog.Open();
        backlog.Enqueue(BacklogFixture.Batch(0, bytes: LimitBytes + 1));
        backlog.Enqueue(BacklogFixture.Batch(1));

        using var loop = new MqttPublishLoop(backlog, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<MqttPublishLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            var accepted = await Eventually.WaitAsync(() => Task.FromResult(broker.Accepted.Contains(1) ? broker.Accepted.ToList() : null), TimeSpan.FromSeconds(30));

            accepted.Should().Equal([0, 1]);
            broker.Refused.Should().Be(2);
            backlog.RefusedByReason.Should().BeEmpty();
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>An MQTT 5 broker on loopback that refuses payloads over <see cref="LimitBytes"/>, the first <c>refusals</c> times, with a given PUBACK reason.</summary>
    private sealed class RefusingBroker : IAsyncDisposable
    {
        private readonly MqttServer _server;
        private readonly ConcurrentQueue<int> _accepted = new();
        private int _refused;

        private RefusingBroker(MqttServer server, int port)
        {
            _server = server;
            Port = port;
        }

        public int Port { get; }

        public IReadOnlyCollection<int> Accepted => _accepted;

        public int Refused => Volatile.Read(ref _refused);

        public static async Task<RefusingBroker> StartAsync(MqttPubAckReasonCode reason, int refusals)
        {
            var port = FreePort.Tcp();
            var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint().WithDefaultEndpointPort(port).WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).Build());
            var broker = new RefusingBroker(server, port);
            server.InterceptingPublishAsync += e =>
            {
                var message = e.ApplicationMessage;
                if (string.IsNullOrEmpty(e.ClientId) || !message.Topic.EndsWith("/metrics", StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                if (message.Payload.Length > LimitBytes && Interlocked.Increment(ref broker._refused) <= refusals)
                {
                    e.ProcessPublish = false;
                    e.Response.ReasonCode = reason;
                    e.Response.ReasonString = $"payload of {message.Payload.Length} octets is larger than {LimitBytes}";
                    return Task.CompletedTask;
                }

                if (message.Payload.Length > LimitBytes)
                {
                    Interlocked.Decrement(ref broker._refused);
                }

                broker._accepted.Enqueue(BacklogFixture.NumberOf(new MetricBatch(message.Payload.ToArray(), 1, BacklogFixture.Start)));
                return Task.CompletedTask;
            };
            await server.StartAsync();
            return broker;
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync();
            _server.Dispose();
        }
    }
}
