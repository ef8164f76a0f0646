using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// A terminal's RADIUS client, as CoovaChilli's is: Access-Requests from its own loopback address (127.0.0.1, 127.0.0.2…:
/// the controller tells NAS clients apart by source address), each with Message-Authenticator first (RFC 3579 §3.2,
/// CVE-2024-3596), NAS-Identifier (RFC 2865 §5.32) and Calling-Station-Id (§5.31). A reply counts only when its
/// Response Authenticator and Message-Authenticator verify with the secret. One request at a time.
/// </summary>
internal sealed class TestRadiusClient : IDisposable
{
    /// <summary>NAS-Identifier (RFC 2865 §5.32).</summary>
    public const byte NasIdentifierType = 32;

    private readonly UdpClient _udp;
    private readonly IPEndPoint _server;
    private readonly byte[] _secret;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private byte _identifier;

    /// <summary>A client at <paramref name="localAddress"/> (any free port) for the server at 127.0.0.1:<paramref name="serverPort"/>.</summary>
    public TestRadiusClient(IPAddress localAddress, int serverPort, string secret, string nasIdentifier)
    {
        _udp = new UdpClient(new IPEndPoint(localAddress, 0));
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _secret = Encoding.UTF8.GetBytes(secret);
        NasIdentifier = nasIdentifier;
    }

    /// <summary>The NAS-Identifier sent in every request.</summary>
    public string NasIdentifier { get; }

    /// <summary>
    /// CoovaChilli's UAM logon (<c>/logon?username=…&amp;response=…</c>): User-Name, CHAP-Password = ident + the 16
    /// response octets, CHAP-Challenge = the UAM-derived challenge (RFC 2865 §5.3, §5.40).
    /// </summary>
    /// <returns>The verified reply.</returns>
    /// <exception cref="TimeoutException">No verified reply within 5 s.</exception>
    public Task<RadiusPacket> ChapLogonAsync(string userName, byte ident, ReadOnlySpan<byte> response, ReadOnlySpan<byte> chapChallenge, string callingStationId)
    {
        var chapPassword = new byte[1 + response.Length];
        chapPassword[0] = ident;
        response.CopyTo(chapPassword.AsSpan(1));
        var challenge = chapChallenge.ToArray();
        return SendAsync(_ =>
        [
            RadiusAttribute.FromString(RadiusAttributeType.UserName, userName),
            RadiusAttribute.Create(RadiusAttributeType.ChapPassword, chapPassword),
            RadiusAttribute.Create(RadiusAttributeType.ChapChallenge, challenge),
            RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, callingStationId),
        ]);
    }

    /// <summary>
    /// CoovaChilli's <c>macauth</c> when a device associates: User-Name = the MAC as <c>AA-BB-CC-DD-EE-FF</c>,
    /// User-Password = the same text (no <c>macpasswd</c>), Calling-Station-Id = the MAC.
    /// </summary>
    /// <returns>The verified reply.</returns>
    /// <exception cref="TimeoutException">No verified reply within 5 s.</exception>
    public Task<RadiusPacket> MacAuthenticateAsync(string mac)
    {
        var userName = mac.ToUpperInvariant().Replace(':', '-');
        return SendAsync(authenticator =>
        [
            RadiusAttribute.FromString(RadiusAttributeType.UserName, userName),
            RadiusAttribute.Create(RadiusAttributeType.UserPassword, RadiusCrypto.HidePassword(Encoding.UTF8.GetBytes(userName), _secret, authenticator)),
            RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, userName),
        ]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _udp.Dispose();
        _oneAtATime.Dispose();
    }

    private async Task<RadiusPacket> SendAsync(Func<byte[], IEnumerable<RadiusAttribute>> credentials)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            var authenticator = RandomNumberGenerator.GetBytes(RadiusPacket.AuthenticatorLength);
            var attributes = new List<RadiusAttribute> { RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]) };
            attributes.AddRange(credentials(authenticator));
            attributes.Add(RadiusAttribute.FromString(NasIdentifierType, NasIdentifier));
            var identifier = _identifier++;
            var request = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator, attributes));
            RadiusCrypto.TrySetMessageAuthenticator(request, _secret, default).Should().BeTrue();
            await _udp.SendAsync(request, _server);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (true)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await _udp.ReceiveAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"No reply from the RADIUS server at {_server} to {NasIdentifier}'s request {identifier}.");
                }

                if (RadiusPacketReader.TryDecode(datagram.Buffer, out var reply, out _) && reply.Identifier == identifier
                    && RadiusCrypto.VerifyResponseAuthenticator(datagram.Buffer, authenticator, _secret)
                    && RadiusCrypto.VerifyMessageAuthenticator(datagram.Buffer, _secret, authenticator) == RadiusMessageAuthenticatorResult.Valid)
                {
                    return reply;
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
