using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Coa;

/// <summary>
/// A terminal's Dynamic Authorization Server (RFC 5176) on 127.0.0.1: it receives Disconnect and CoA requests, checks
/// them with our codec (Request Authenticator, Message-Authenticator), records them and answers as the test says.
/// </summary>
internal sealed class TestNas : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<Received, IReadOnlyList<Reply>> _answer;

    public TestNas(string secret, Func<Received, IReadOnlyList<Reply>> answer)
    {
        Secret = secret;
        _answer = answer;
        _loop = Task.Run(LoopAsync);
    }

    public string Secret { get; }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Answers each request with its ACK (Disconnect-ACK or CoA-ACK).</summary>
    public static IReadOnlyList<Reply> Ack(Received request) => [new Reply(request.Packet.Code == RadiusCode.CoaRequest ? RadiusCode.CoaAck : RadiusCode.DisconnectAck)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var secret = Encoding.UTF8.GetBytes(Secret);
            if (!RadiusPacketReader.TryDecode(datagram.Buffer, out var packet, out _))
            {
                continue;
            }

            var received = new Received(datagram.Buffer, packet,
                RadiusCrypto.VerifyRequestAuthenticator(datagram.Buffer, secret),
                RadiusCrypto.VerifyMessageAuthenticator(datagram.Buffer, secret, []));
            Requests.Enqueue(received);
            foreach (var reply in _answer(received))
            {
                var bytes = Encode(reply, packet, reply.ForgeWithSecret is null ? secret : Encoding.UTF8.GetBytes(reply.ForgeWithSecret));
                await _udp.SendAsync(bytes, datagram.RemoteEndPoint);
            }
        }
    }

    private static byte[] Encode(Reply reply, RadiusPacket request, byte[] secret)
    {
        var attributes = new List<RadiusAttribute> { RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]) };
        if (reply.ErrorCause is { } cause)
        {
            attributes.Add(RadiusAttribute.FromUInt32(101, cause));
        }

        var bytes = RadiusPacketWriter.Encode(new RadiusPacket(reply.Code, reply.Identifier ?? request.Identifier, new byte[16], attributes));
        RadiusCrypto.TrySetMessageAuthenticator(bytes, secret, request.Authenticator.Span).Should().BeTrue();
        RadiusCrypto.SetResponseAuthenticator(bytes, request.Authenticator.Span, secret);
        return bytes;
    }

    /// <summary>A request as received, with the outcome of our codec's checks.</summary>
    public sealed record Received(byte[] Datagram, RadiusPacket Packet, bool RequestAuthenticatorValid, RadiusMessageAuthenticatorResult MessageAuthenticator)
    {
        public string? Text(byte type) => Packet.Find(type)?.GetString();
    }

    /// <summary>A reply to send: code, Error-Cause, and a wrong secret to forge it with, or another identifier.</summary>
    public sealed record Reply(RadiusCode Code, uint? ErrorCause = null, string? ForgeWithSecret = null, byte? Identifier = null);
}
