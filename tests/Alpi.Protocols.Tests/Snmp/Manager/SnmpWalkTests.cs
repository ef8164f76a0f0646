using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;

namespace Alpi.Protocols.Tests.Snmp.Manager;

/// <summary>Walk termination rules against a scripted v2c agent on loopback that answers from a fixed OID list.</summary>
public sealed class SnmpWalkTests
{
    private static readonly Oid Root = Oid.Parse("1.3.6.1.2.1.2.2.1.2");

    [Test]
    public async Task Walk_AgentReturnsOidsOutOfOrder_StopsWithNonIncreasingError()
    {
        // An agent whose table index wraps backwards, as some printers' IF-MIB does after index 3.
        using var agent = new ScriptedAgent(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.2.4"]);
        await using var client = new SnmpClient();

        var walk = await client.WalkAsync(agent.Target, Root, new SnmpWalkOptions(UseBulk: false));

        walk.Varbinds.Select(v => v.Oid.ToString()).Should().Equal("1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.3");
        walk.Failure!.Status.Should().Be(SnmpStatus.NonIncreasingOid);
        walk.Failure.Detail.Should().Contain(".1.3.6.1.2.1.2.2.1.2.2");
    }

    [Test]
    public async Task Walk_OutOfOrderAllowed_CarriesOnUntilTheCap()
    {
        using var agent = new ScriptedAgent(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.2.4"]);
        await using var client = new SnmpClient();

        var walk = await client.WalkAsync(agent.Target, Root, new SnmpWalkOptions(UseBulk: false, AllowNonIncreasing: true, MaxVarbinds: 3));

        walk.Varbinds.Should().HaveCount(3);
        walk.Failure!.Detail.Should().Contain("cap");
    }

    [Test]
    public async Task BulkWalk_LeavesTheSubtree_StopsWithoutError()
    {
        using var agent = new ScriptedAgent(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.3.1", "1.3.6.1.2.1.2.2.1.3.2"]);
        await using var client = new SnmpClient();

        var walk = await client.WalkAsync(agent.Target, Root, new SnmpWalkOptions(MaxRepetitions: 3));

        walk.Failure.Should().BeNull();
        walk.Varbinds.Should().HaveCount(2);
    }

    [Test]
    public async Task BulkWalk_EndOfMibView_StopsWithoutError()
    {
        using var agent = new ScriptedAgent(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.2"]);
        await using var client = new SnmpClient();

        var walk = await client.WalkAsync(agent.Target, Root, new SnmpWalkOptions(MaxRepetitions: 10));

        walk.Failure.Should().BeNull();
        walk.Varbinds.Should().HaveCount(2);
        agent.Requests.Should().Be(1, "the first answer already ends with endOfMibView");
    }

    /// <summary>
    /// A v2c agent whose MIB view is a list of OIDs in the order given (which may be wrong on purpose): GetNext and
    /// GetBulk return the entries after the requested OID's position in that list, then endOfMibView.
    /// </summary>
    private sealed class ScriptedAgent : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public ScriptedAgent(string[] view)
        {
            var oids = view.Select(Oid.Parse).ToList();
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Target = new SnmpTarget((IPEndPoint)_socket.LocalEndPoint!, SnmpVersion.V2c, "public", null, TimeSpan.FromSeconds(1), 1);
            _ = Task.Run(async () =>
            {
                var buffer = new byte[65_535];
                while (!_stop.IsCancellationRequested)
                {
                    SocketReceiveFromResult received;
                    try
                    {
                        received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    var request = SnmpMessageCodec.Decode(buffer.AsSpan(0, received.ReceivedBytes)).Value!;
                    var pdu = (SnmpPdu)request.Pdu;
                    var from = pdu.Varbinds[0].Oid;
                    var position = oids.FindIndex(o => o == from);
                    var count = pdu.Type == SnmpPduType.GetBulkRequest ? pdu.MaxRepetitions : 1;
                    var answer = new List<Varbind>();
                    for (var i = position + 1; answer.Count < count; i++)
                    {
                        answer.Add(i < oids.Count ? new Varbind(oids[i], SnmpValue.OctetString($"if{i}")) : new Varbind(i == 0 ? from : oids[^1], SnmpValue.EndOfMibView));
                        if (i >= oids.Count)
                        {
                            break;
                        }
                    }

                    var response = new SnmpPdu(SnmpPduType.Response, pdu.RequestId, SnmpErrorStatus.NoError, 0, answer);
                    var output = new ArrayBufferWriter<byte>();
                    SnmpMessageCodec.Encode(request with { Pdu = response }, output);
                    await _socket.SendToAsync(output.WrittenMemory, SocketFlags.None, received.RemoteEndPoint);
                }
            });
        }

        public SnmpTarget Target { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
