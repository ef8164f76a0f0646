using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Alpi.Protocols.Snmp.Transport;

namespace Alpi.Protocols.Tests.Snmp.Transport;

/// <summary>The UDP channel against a loopback responder whose datagrams carry their key in the first 4 octets.</summary>
[Category("Integration")]
public sealed class SnmpUdpChannelTests
{
    private static int? KeyOf(ReadOnlyMemory<byte> datagram) =>
        datagram.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(datagram.Span) : null;

    private static byte[] Datagram(int key, byte payload)
    {
        var bytes = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(bytes, key);
        bytes[4] = payload;
        return bytes;
    }

    [Test]
    public async Task SendAsync_ManyRequestsInFlight_EachGetsItsOwnResponse()
    {
        using var responder = new Responder(reply: d => [.. d.AsSpan(0, 4), (byte)(d[4] + 1)]);
        await using var channel = new SnmpUdpChannel(KeyOf);

        var results = await Task.WhenAll(Enumerable.Range(1, 200).Select(i =>
            channel.SendAsync(responder.EndPoint, i, Datagram(i, (byte)i), TimeSpan.FromSeconds(2), 2, CancellationToken.None)));

        results.Should().OnlyContain(r => r.Status == SnmpTransportStatus.Received);
        results.Select((r, i) => (int)r.Response.Span[4] == (byte)(i + 2)).Should().OnlyContain(ok => ok);
    }

    [Test]
    public async Task SendAsync_NoResponse_TimesOutAfterEveryRetry()
    {
        using var responder = new Responder(reply: _ => null);
        await using var channel = new SnmpUdpChannel(KeyOf);

        var result = await channel.SendAsync(responder.EndPoint, 7, Datagram(7, 0), TimeSpan.FromMilliseconds(100), 2, CancellationToken.None);

        result.Status.Should().Be(SnmpTransportStatus.Timeout);
        result.Attempts.Should().Be(3);
        responder.Received.Should().Be(3, "one send and two retries");
    }

    [Test]
    public async Task SendAsync_ResponseFromAnotherPort_IsIgnoredAndCounted()
    {
        using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var responder = new Responder(reply: _ => null);
        await using var channel = new SnmpUdpChannel(KeyOf);
        var pending = channel.SendAsync(responder.EndPoint, 9, Datagram(9, 0), TimeSpan.FromMilliseconds(300), 0, CancellationToken.None);
        await responder.WaitForFirstAsync();

        await spoofer.SendToAsync(Datagram(9, 1), SocketFlags.None, responder.LastSender!);
        var result = await pending;

        result.Status.Should().Be(SnmpTransportStatus.Timeout, "a datagram from an address the request was not sent to is not its response");
        channel.UnmatchedDatagrams.Should().Be(1);
    }

    [Test]
    public async Task SendAsync_SameKeyTwiceInFlight_Throws()
    {
        using var responder = new Responder(reply: _ => null);
        await using var channel = new SnmpUdpChannel(KeyOf);
        var first = channel.SendAsync(responder.EndPoint, 5, Datagram(5, 0), TimeSpan.FromMilliseconds(200), 0, CancellationToken.None);

        var second = () => channel.SendAsync(responder.EndPoint, 5, Datagram(5, 0), TimeSpan.FromMilliseconds(200), 0, CancellationToken.None);

        await second.Should().ThrowAsync<ArgumentException>();
        (await first).Status.Should().Be(SnmpTransportStatus.Timeout);
    }

    /// <summary>A UDP peer on 127.0.0.1 answering each datagram with <c>reply(datagram)</c> (null: no answer).</summary>
    private sealed class Responder : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;

        public Responder(Func<byte[], byte[]?> reply)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _ = Task.Run(async () =>
            {
                var buffer = new byte[2048];
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                        Interlocked.Increment(ref _received);
                        LastSender = (IPEndPoint)r.RemoteEndPoint;
                        _first.TrySetResult();
                        if (reply(buffer[..r.ReceivedBytes]) is { } answer)
                        {
                            await _socket.SendToAsync(answer, SocketFlags.None, r.RemoteEndPoint);
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        return;
                    }
                }
            });
        }

        public IPEndPoint EndPoint { get; }

        public IPEndPoint? LastSender { get; private set; }

        public int Received => Volatile.Read(ref _received);

        public Task WaitForFirstAsync() => _first.Task.WaitAsync(TimeSpan.FromSeconds(5));

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
