using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Alpi.HotspotController.Nas;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Coa;

/// <summary>
/// Sends Disconnect-Request and CoA-Request to a terminal's Dynamic Authorization Server (RFC 5176) and waits for its
/// ACK or NAK. Each request goes from its own UDP socket to the NAS client's single address on its
/// <see cref="NasClient.CoaPort"/> (3799 by default, RFC 5176 §2.3), with a random Identifier, a Message-Authenticator
/// (RFC 3579 §3.2, first attribute, computed with a zero Request Authenticator as RFC 5176 §3.3 says) and the Request
/// Authenticator of RFC 5176 §2.3 (MD5 over the packet with a zero authenticator, then the secret, as for accounting).
/// An unanswered request is sent again, identical (RFC 5080 §2.2.1), up to <see cref="CoaOptions.Retries"/> times.
/// A reply counts only if it comes from that address and port with the same Identifier and its Response
/// Authenticator (and Message-Authenticator, when present) verifies with the secret; any other datagram is ignored,
/// logged and counted, and the wait goes on. Outcomes are values (<see cref="CoaResult"/>), each logged: at Information
/// when the session is known gone (<see cref="CoaResult.SessionGone"/>: ACK, or NAK 503 Session Context Not Found), at
/// Warning otherwise (another NAK, no answer, a bad answer, nothing sent), as the session may then stay open at its
/// terminal until it times out; thread-safe.
/// </summary>
public sealed partial class CoaClient(IOptions<HotspotOptions> options, TimeProvider time, CoaStatistics statistics, ILogger<CoaClient> logger)
{
    /// <summary>Event-Timestamp (RFC 2869 §5.3), seconds since 1970-01-01 UTC; RFC 5176 §3 allows it for replay protection.</summary>
    public const byte EventTimestampType = 55;

    private const int MaxDatagram = RadiusPacket.MaxLength;

    /// <summary>
    /// Asks the NAS to end a session (Disconnect-Request, RFC 5176 §3.1): the user is logged off at once and the NAS
    /// sends its Accounting-Stop.
    /// </summary>
    /// <param name="nas">The NAS client (its <see cref="NasClient.Address"/> must be a single address).</param>
    /// <param name="session">Which session; at least one of Acct-Session-Id, User-Name, Calling-Station-Id.</param>
    /// <param name="cancellationToken">Stops waiting; the result is then an <see cref="OperationCanceledException"/>.</param>
    /// <returns>Acked, Naked (with Error-Cause), TimedOut, BadResponse or NotSent.</returns>
    /// <exception cref="ArgumentException">The identity names no session.</exception>
    public Task<CoaResult> DisconnectAsync(NasClient nas, CoaSessionIdentity session, CancellationToken cancellationToken) =>
        SendAsync(RadiusCode.DisconnectRequest, nas, session, [], cancellationToken);

    /// <summary>
    /// Changes a session's authorisation (CoA-Request, RFC 5176 §3.2), e.g. a new Session-Timeout or WISPr bandwidth
    /// limits.
    /// </summary>
    /// <param name="nas">The NAS client (its <see cref="NasClient.Address"/> must be a single address).</param>
    /// <param name="session">Which session; at least one of Acct-Session-Id, User-Name, Calling-Station-Id.</param>
    /// <param name="changes">The authorisation attributes to apply, appended after the identification.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Acked, Naked (with Error-Cause), TimedOut, BadResponse or NotSent.</returns>
    /// <exception cref="ArgumentException">The identity names no session.</exception>
    public Task<CoaResult> ChangeAuthorizationAsync(NasClient nas, CoaSessionIdentity session, IReadOnlyList<RadiusAttribute> changes, CancellationToken cancellationToken) =>
        SendAsync(RadiusCode.CoaRequest, nas, session, changes ?? throw new ArgumentNullException(nameof(changes)), cancellationToken);

    /// <summary>
    /// The NAS's address when it is declared as one address (<c>192.0.2.10</c>, or a /32 or /128 network), which is
    /// what a Disconnect or CoA request can be sent to.
    /// </summary>
    /// <returns>False for a wider network (<c>192.0.2.0/24</c>) or an unreadable address.</returns>
    public static bool TryGetSingleAddress(NasClient nas, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(nas);
        if (IPAddress.TryParse(nas.Address, out address) && !nas.Address.Contains('/', StringComparison.Ordinal))
        {
            return true;
        }

        if (IPNetwork.TryParse(nas.Address, out var network)
            && network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            address = network.BaseAddress;
            return true;
        }

        address = null;
        return false;
    }

    /// <summary>
    /// Encodes a Disconnect-Request or CoA-Request: Message-Authenticator first, the identification, Event-Timestamp
    /// when <paramref name="eventTimestamp"/> is given, then <paramref name="extra"/>; Message-Authenticator then
    /// Request Authenticator computed with <paramref name="secret"/> (RFC 5176 §2.3, §3.3).
    /// </summary>
    /// <returns>The datagram.</returns>
    /// <exception cref="ArgumentException">The packet would exceed 4096 octets.</exception>
    internal static byte[] EncodeRequest(RadiusCode code, byte identifier, CoaSessionIdentity session, IEnumerable<RadiusAttribute> extra, DateTimeOffset? eventTimestamp, ReadOnlySpan<byte> secret)
    {
        var attributes = new List<RadiusAttribute> { RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, stackalloc byte[RadiusPacket.AuthenticatorLength]) };
        attributes.AddRange(session.ToAttributes());
        if (eventTimestamp is { } at)
        {
            attributes.Add(RadiusAttribute.FromUInt32(EventTimestampType, (uint)Math.Clamp(at.ToUnixTimeSeconds(), 0, uint.MaxValue)));
        }

        attributes.AddRange(extra);
        var datagram = RadiusPacketWriter.Encode(new RadiusPacket(code, identifier, new byte[RadiusPacket.AuthenticatorLength], attributes));
        RadiusCrypto.TrySetMessageAuthenticator(datagram, secret, []);
        RadiusCrypto.SetRequestAuthenticator(datagram, secret);
        return datagram;
    }

    private async Task<CoaResult> SendAsync(RadiusCode code, NasClient nas, CoaSessionIdentity session, IReadOnlyList<RadiusAttribute> extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nas);
        ArgumentNullException.ThrowIfNull(session);
        if (session.AcctSessionId is null && session.UserName is null && session.CallingStationId is null)
        {
            throw new ArgumentException("A Disconnect or CoA request needs Acct-Session-Id, User-Name or Calling-Station-Id (RFC 5176 §3).", nameof(session));
        }

        statistics.CountRequest();
        var settings = options.Value.Coa;
        var codeName = code == RadiusCode.DisconnectRequest ? "Disconnect-Request" : "CoA-Request";
        if (!TryGetSingleAddress(nas, out var address))
        {
            return NotSent(codeName, nas, $"NAS {nas.Name} is declared as the network {nas.Address}, not one address: a Disconnect or CoA request needs one (set its address to the terminal's IP).", 0);
        }

        var secret = Encoding.UTF8.GetBytes(nas.Secret);
        var identifier = (byte)RandomNumberGenerator.GetInt32(256);
        var datagram = EncodeRequest(code, identifier, session, extra, settings.SendEventTimestamp ? time.GetUtcNow() : null, secret);
        var requestAuthenticator = datagram.AsMemory(4, RadiusPacket.AuthenticatorLength);
        var remote = new IPEndPoint(address, nas.CoaPort);

        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var bindAddress = string.IsNullOrEmpty(settings.BindAddress)
            ? (address.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any)
            : IPAddress.Parse(settings.BindAddress);
        var buffer = new byte[MaxDatagram];
        var ignored = 0;
        var attempts = 0;
        try
        {
            socket.Bind(new IPEndPoint(bindAddress, 0));
            for (; attempts <= settings.Retries;)
            {
                if (attempts > 0)
                {
                    statistics.CountRetransmission();
                }

                await socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken);
                attempts++;
                using var attemptTimeout = new CancellationTokenSource(settings.Timeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
                while (true)
                {
                    SocketReceiveFromResult received;
                    try
                    {
                        received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(bindAddress, 0), linked.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break; // this attempt timed out: retransmit, or give up
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        continue; // Windows reports an ICMP port unreachable this way; wait on
                    }

                    var reply = buffer.AsSpan(0, received.ReceivedBytes);
                    var reason = Check(reply, (IPEndPoint)received.RemoteEndPoint, remote, identifier, requestAuthenticator.Span, secret, out var packet);
                    if (reason is not null)
                    {
                        ignored++;
                        statistics.CountIgnored(reason);
                        Log.Ignored(logger, received.RemoteEndPoint.ToString() ?? "?", codeName, nas.Name, reason);
                        continue;
                    }

                    var errorCause = packet!.Find(CoaErrorCause.AttributeType) is { } cause && cause.TryGetUInt32(out var value) ? value : (uint?)null;
                    var outcome = (code, packet.Code) switch
                    {
                        (RadiusCode.DisconnectRequest, RadiusCode.DisconnectAck) or (RadiusCode.CoaRequest, RadiusCode.CoaAck) => CoaOutcome.Acked,
                        (RadiusCode.DisconnectRequest, RadiusCode.DisconnectNak) or (RadiusCode.CoaRequest, RadiusCode.CoaNak) => CoaOutcome.Naked,
                        _ => CoaOutcome.BadResponse,
                    };
                    string? detail = null;
                    if (outcome == CoaOutcome.BadResponse)
                    {
                        detail = $"the NAS answered with code {(int)packet.Code}, which is neither the ACK nor the NAK of a {codeName}";
                        Log.BadResponse(logger, codeName, nas.Name, (int)packet.Code);
                    }

                    return Complete(new CoaResult(outcome, errorCause, attempts, ignored, detail), codeName, nas, remote, session);
                }
            }
        }
        catch (SocketException e)
        {
            return NotSent(codeName, nas, $"{e.SocketErrorCode}: {e.Message}", attempts, ignored);
        }

        return Complete(new CoaResult(CoaOutcome.TimedOut, null, attempts, ignored,
            $"no authenticated answer from {remote} within {settings.Timeout.TotalSeconds:0.###} s, {attempts} attempt(s)"), codeName, nas, remote, session);
    }

    private static string? Check(ReadOnlySpan<byte> reply, IPEndPoint source, IPEndPoint expected, byte identifier, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret, out RadiusPacket? packet)
    {
        packet = null;
        var sourceAddress = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        if (source.Port != expected.Port || !sourceAddress.Equals(expected.Address))
        {
            return CoaIgnoredReason.UnexpectedSource;
        }

        if (!RadiusPacketReader.TryDecode(reply, out packet, out _))
        {
            return CoaIgnoredReason.Malformed;
        }

        if (packet.Identifier != identifier)
        {
            return CoaIgnoredReason.WrongIdentifier;
        }

        if (!RadiusCrypto.VerifyResponseAuthenticator(reply, requestAuthenticator, secret))
        {
            return CoaIgnoredReason.BadAuthenticator;
        }

        var messageAuthenticator = RadiusCrypto.VerifyMessageAuthenticator(reply, secret, requestAuthenticator);
        return messageAuthenticator is RadiusMessageAuthenticatorResult.Valid or RadiusMessageAuthenticatorResult.Missing
            ? null
            : CoaIgnoredReason.BadMessageAuthenticator;
    }

    private CoaResult NotSent(string codeName, NasClient nas, string reason, int attempts, int ignored = 0)
    {
        Log.NotSent(logger, codeName, nas.Name, reason);
        statistics.CountOutcome(CoaOutcome.NotSent);
        return new CoaResult(CoaOutcome.NotSent, null, attempts, ignored, reason);
    }

    private CoaResult Complete(CoaResult result, string codeName, NasClient nas, IPEndPoint remote, CoaSessionIdentity session)
    {
        statistics.CountOutcome(result.Outcome);
        var level = result.SessionGone ? LogLevel.Information : LogLevel.Warning;
        if (result.ErrorCause is { } errorCause)
        {
            Log.CompletedWithErrorCause(logger, level, codeName, nas.Name, remote, session.AcctSessionId, result.Outcome, errorCause, result.ErrorCauseName ?? "", result.Attempts);
        }
        else
        {
            Log.Completed(logger, level, codeName, nas.Name, remote, session.AcctSessionId, result.Outcome, result.Attempts);
        }

        return result;
    }
}
