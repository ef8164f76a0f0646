using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Alpi.Protocols.Snmp.Transport;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Snmp.Manager;

/// <summary>
/// SNMPv3 with the User-based Security Model (RFC 3414): engine discovery by an unauthenticated empty GetRequest
/// answered by a usmStatsUnknownEngineIDs Report (§4), keys localised once per engine and user (A.2), boots and time
/// kept per engine and advanced by local elapsed time, one resynchronisation and retry on a notInTimeWindows Report
/// (§3.2 step 7b), responses authenticated and decrypted, and USM Reports turned into <see cref="SnmpStatus"/> values.
/// </summary>
public sealed partial class SnmpClient
{
    private const int MaxMessageSize = 65_507;
    private static readonly Oid UsmStats = Oid.Parse("1.3.6.1.6.3.15.1.1");
    private readonly ConcurrentDictionary<string, EngineState> _engines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Engine, SnmpV3User User), UserKeys> _keys = new();
    private readonly UsmSaltCounter _salt = new();

    private async Task<SnmpResult> RequestV3Async(SnmpTarget target, Func<int, SnmpPdu> pdu, CancellationToken cancellationToken)
    {
        var user = target.User ?? throw new ArgumentException("An SNMPv3 target needs a USM user.", nameof(target));
        var engine = await DiscoverAsync(target, cancellationToken);
        if (engine.Status is not null)
        {
            return engine.Status;
        }

        var state = engine.State!;
        SnmpResult? result = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            (result, var report) = await ExchangeV3Async(target, user, state, pdu, cancellationToken);
            if (report is { } r && r.Kind == UsmReport.NotInTimeWindows && attempt == 0)
            {
                state.Synchronise(r.Boots, r.Time, _timeProvider.GetTimestamp());
                continue;
            }

            break;
        }

        return result!;
    }

    /// <summary>The agent's engine (RFC 3414 §4), discovered once per address and then cached; or why discovery failed.</summary>
    private async Task<(EngineState? State, SnmpResult? Status)> DiscoverAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var key = target.EndPoint.ToString();
        if (_engines.TryGetValue(key, out var known))
        {
            return (known, null);
        }

        var messageId = NextId();
        var request = new SnmpV3Message(messageId, MaxMessageSize, SnmpV3MessageFlags.Reportable, UsmSecurityParameters.Empty,
            new SnmpScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, SnmpPdu.Get(NextId())), ReadOnlyMemory<byte>.Empty);
        var buffer = new ArrayBufferWriter<byte>(256);
        SnmpMessageCodec.EncodeV3(request, 0, buffer, out _);
        var sent = await _channel.SendAsync(target.EndPoint, messageId, buffer.WrittenMemory, target.Timeout, target.Retries, cancellationToken);
        if (sent.Status != SnmpTransportStatus.Received)
        {
            return (null, TransportFailure(target, sent,
                $"SNMPv3 engine discovery unanswered: SNMPv3 not enabled on the device (wrong SNMP version), device down, a firewall dropping UDP, or no SNMP agent on port {Port(target)}"));
        }

        var frame = SnmpMessageCodec.DecodeV3(sent.Response.Span);
        if (!frame.IsSuccess)
        {
            return (null, new SnmpResult(SnmpStatus.DecodeError, null, frame.Error!.ToString()));
        }

        var security = frame.Value!.Message.SecurityParameters;
        if (security.AuthoritativeEngineId.IsEmpty)
        {
            return (null, new SnmpResult(SnmpStatus.DiscoveryFailed, null, "the discovery Report carried no engine ID"));
        }

        var state = new EngineState(security.AuthoritativeEngineId.ToArray(), security.EngineBoots, security.EngineTime, _timeProvider.GetTimestamp());
        return (_engines.GetOrAdd(key, state), null);
    }

    private async Task<(SnmpResult Result, ReportInfo? Report)> ExchangeV3Async(
        SnmpTarget target, SnmpV3User user, EngineState engine, Func<int, SnmpPdu> pdu, CancellationToken cancellationToken)
    {
        var keys = KeysFor(engine, user);
        var auth = user.Level != SnmpSecurityLevel.NoAuthNoPriv;
        var priv = user.Level == SnmpSecurityLevel.AuthPriv;
        var (boots, time) = engine.Estimate(_timeProvider);
        var messageId = NextId();
        var scoped = new SnmpScopedPdu(engine.EngineId, ReadOnlyMemory<byte>.Empty, pdu(NextId()));
        var flags = SnmpV3MessageFlags.Reportable | (auth ? SnmpV3MessageFlags.Authentication : 0) | (priv ? SnmpV3MessageFlags.Privacy : 0);
        ReadOnlyMemory<byte> encrypted = default, privacyParameters = default;
        if (priv)
        {
            var plaintext = new ArrayBufferWriter<byte>(512);
            SnmpMessageCodec.EncodeScopedPdu(scoped, plaintext);
            var ciphertext = new byte[UsmPrivacy.CiphertextLength(user.PrivProtocol, plaintext.WrittenCount)];
            var salt = new byte[8];
            var written = UsmPrivacy.Encrypt(user.PrivProtocol, keys.Priv, boots, time, _salt.Next(), plaintext.WrittenSpan, salt, ciphertext);
            encrypted = ciphertext.AsMemory(0, written);
            privacyParameters = salt;
        }

        var security = new UsmSecurityParameters(engine.EngineId, boots, time, Encoding.UTF8.GetBytes(user.UserName), ReadOnlyMemory<byte>.Empty, privacyParameters);
        var message = new SnmpV3Message(messageId, MaxMessageSize, flags, security, priv ? null : scoped, encrypted);
        var buffer = new ArrayBufferWriter<byte>(512);
        var authLength = auth ? UsmAuthentication.AuthParamsLength(user.AuthProtocol) : 0;
        SnmpMessageCodec.EncodeV3(message, authLength, buffer, out var authOffset);
        var datagram = buffer.WrittenSpan.ToArray();
        if (auth)
        {
            UsmAuthentication.Sign(user.AuthProtocol, keys.Auth, datagram, authOffset);
        }

        var sent = await _channel.SendAsync(target.EndPoint, messageId, datagram, target.Timeout, target.Retries, cancellationToken);
        if (sent.Status != SnmpTransportStatus.Received)
        {
            return (TransportFailure(target, sent,
                $"the device's engine was discovered, but the request of user {user.UserName} got no answer: wrong privacy password or protocol (a device drops what it cannot decrypt), device down, or a firewall dropping UDP"), null);
        }

        return ReadV3Response(sent.Response, user, keys, engine);
    }

    private (SnmpResult Result, ReportInfo? Report) ReadV3Response(ReadOnlyMemory<byte> response, SnmpV3User user, UserKeys keys, EngineState engine)
    {
        // The response is the client's own copy: authenticate it in place.
        var bytes = MemoryMarshal.TryGetArray(response, out var segment) ? segment.AsSpan() : response.ToArray();
        var decoded = SnmpMessageCodec.DecodeV3(bytes);
        if (!decoded.IsSuccess)
        {
            return (new SnmpResult(SnmpStatus.DecodeError, null, decoded.Error!.ToString()), null);
        }

        Leniencies.Add(decoded.Leniencies);
        var frame = decoded.Value!;
        var message = frame.Message;
        var security = message.SecurityParameters;
        var authenticated = message.Flags.HasFlag(SnmpV3MessageFlags.Authentication);
        if (authenticated)
        {
            var check = UsmAuthentication.VerifyInPlace(user.AuthProtocol, keys.Auth, bytes, frame.AuthenticationParametersOffset, frame.AuthenticationParametersLength);
            if (check != UsmError.None)
            {
                return (new SnmpResult(SnmpStatus.AuthenticationFailed, null,
                    $"the device's response for user {user.UserName} failed authentication ({check}): wrong authentication password or protocol, or the response was altered on the way"), null);
            }
        }

        SnmpScopedPdu? scoped = message.ScopedPdu;
        if (message.Flags.HasFlag(SnmpV3MessageFlags.Privacy))
        {
            var plaintext = new byte[message.EncryptedPdu.Length];
            var error = UsmPrivacy.Decrypt(user.PrivProtocol, keys.Priv, security.EngineBoots, security.EngineTime,
                security.PrivacyParameters.Span, message.EncryptedPdu.Span, plaintext, out var written);
            if (error != UsmError.None)
            {
                return (new SnmpResult(SnmpStatus.DecryptionFailed, null,
                    $"the device's response for user {user.UserName} could not be decrypted ({error}): wrong privacy password or protocol"), null);
            }

            var inner = SnmpMessageCodec.DecodeScopedPdu(plaintext.AsSpan(0, written));
            if (!inner.IsSuccess)
            {
                return (new SnmpResult(SnmpStatus.DecryptionFailed, null, $"the decrypted PDU is not readable ({inner.Error}); wrong privacy password?"), null);
            }

            Leniencies.Add(inner.Leniencies);
            scoped = inner.Value;
        }

        if (scoped is null)
        {
            return (new SnmpResult(SnmpStatus.DecodeError, null, "the message carries no PDU"), null);
        }

        if (authenticated && UsmTimeWindow.ShouldSynchronize(engine.Boots, engine.LatestTime, security.EngineBoots, security.EngineTime))
        {
            engine.Synchronise(security.EngineBoots, security.EngineTime, _timeProvider.GetTimestamp());
        }

        var pdu = scoped.Pdu;
        if (pdu.Type == SnmpPduType.Report)
        {
            var report = ClassifyReport(pdu, security.EngineBoots, security.EngineTime);
            return (new SnmpResult(report.Kind switch
            {
                UsmReport.NotInTimeWindows => SnmpStatus.NotInTimeWindow,
                UsmReport.UnknownUserNames => SnmpStatus.UnknownUser,
                UsmReport.WrongDigests => SnmpStatus.AuthenticationFailed,
                UsmReport.DecryptionErrors => SnmpStatus.DecryptionFailed,
                UsmReport.UnsupportedSecLevels => SnmpStatus.UnsupportedSecurityLevel,
                _ => SnmpStatus.DiscoveryFailed,
            }, pdu, DescribeReport(report, user)), report);
        }

        return pdu.Type == SnmpPduType.Response
            ? (FromResponse(pdu), null)
            : (new SnmpResult(SnmpStatus.DecodeError, null, $"unexpected {pdu.Type} PDU"), null);
    }

    /// <summary>
    /// What a USM Report (RFC 3414 §3.2, the usmStats counters of §5) says about the request, in words, naming the user
    /// and ending with the counter's name, e.g. <c>the device refused the authentication key of user ops: wrong
    /// authentication password or protocol (usmStatsWrongDigests)</c>; a Report of another counter is named by its OID.
    /// </summary>
    private static string DescribeReport(ReportInfo report, SnmpV3User user) => report.Kind switch
    {
        UsmReport.WrongDigests =>
            $"the device refused the authentication key of user {user.UserName}: wrong authentication password or protocol (usmStatsWrongDigests)",
        UsmReport.UnknownUserNames =>
            $"the device has no SNMPv3 user {user.UserName}: wrong user name, or the user is not configured on the device (usmStatsUnknownUserNames)",
        UsmReport.UnknownEngineIds =>
            $"the device does not know the engine ID the request of user {user.UserName} was made for: its engine ID changed since it was discovered (device reset or replaced, or another device at this address) (usmStatsUnknownEngineIDs)",
        UsmReport.NotInTimeWindows => string.Create(CultureInfo.InvariantCulture,
            $"the device finds the request of user {user.UserName} outside its time window even after resynchronising on its engine boots {report.Boots} and time {report.Time}: its engine boots or clock went back, or another device answers at this address (usmStatsNotInTimeWindows)"),
        UsmReport.DecryptionErrors =>
            $"the device could not decrypt the request of user {user.UserName}: wrong privacy password or protocol (usmStatsDecryptionErrors)",
        UsmReport.UnsupportedSecLevels =>
            $"the device does not allow user {user.UserName} at security level {LevelName(user.Level)}: the user is configured on the device for another level (usmStatsUnsupportedSecLevels)",
        _ => $"the device answered with a Report {report.Oid}",
    };

    /// <summary>net-snmp's name of a security level (<c>-l</c>).</summary>
    private static string LevelName(SnmpSecurityLevel level) => level switch
    {
        SnmpSecurityLevel.NoAuthNoPriv => "noAuthNoPriv",
        SnmpSecurityLevel.AuthNoPriv => "authNoPriv",
        _ => "authPriv",
    };

    private static ReportInfo ClassifyReport(SnmpPdu report, int boots, int time)
    {
        var oid = report.Varbinds.Count > 0 ? report.Varbinds[0].Oid : default;
        var kind = oid.Length == UsmStats.Length + 2 && oid.StartsWith(UsmStats) ? (UsmReport)oid[UsmStats.Length] : UsmReport.Other;
        return new ReportInfo(kind, oid, boots, time);
    }

    private UserKeys KeysFor(EngineState engine, SnmpV3User user) =>
        _keys.GetOrAdd((Convert.ToHexString(engine.EngineId), user), static (_, arg) =>
        {
            var (engineId, u) = arg;
            var auth = u.Level == SnmpSecurityLevel.NoAuthNoPriv ? [] : UsmKeys.LocalizedAuthKey(u.AuthProtocol, u.AuthPassword ?? "", engineId);
            var priv = u.Level == SnmpSecurityLevel.AuthPriv
                ? UsmKeys.LocalizedPrivKey(u.AuthProtocol, u.PrivProtocol, u.PrivPassword ?? "", engineId, u.KeyExtension)
                : [];
            return new UserKeys(auth, priv);
        }, (engine.EngineId, user));

    /// <summary>usmStats counters (RFC 3414 §5, 1.3.6.1.6.3.15.1.1.N.0) a Report may carry.</summary>
    private enum UsmReport
    {
        Other = 0,
        UnsupportedSecLevels = 1,
        NotInTimeWindows = 2,
        UnknownUserNames = 3,
        UnknownEngineIds = 4,
        WrongDigests = 5,
        DecryptionErrors = 6,
    }

    private readonly record struct ReportInfo(UsmReport Kind, Oid Oid, int Boots, int Time);

    private sealed record UserKeys(byte[] Auth, byte[] Priv);

    /// <summary>What the manager knows of an authoritative engine: its ID, and boots/time with the local time they were learnt.</summary>
    private sealed class EngineState(byte[] engineId, int boots, int time, long timestamp)
    {
        private readonly Lock _lock = new();
        private int _boots = boots;
        private int _time = time;
        private long _timestamp = timestamp;

        public byte[] EngineId { get; } = engineId;

        public int Boots
        {
            get
            {
                lock (_lock)
                {
                    return _boots;
                }
            }
        }

        public int LatestTime
        {
            get
            {
                lock (_lock)
                {
                    return _time;
                }
            }
        }

        public void Synchronise(int boots, int time, long timestamp)
        {
            lock (_lock)
            {
                _boots = boots;
                _time = time;
                _timestamp = timestamp;
            }
        }

        public (int Boots, int Time) Estimate(TimeProvider timeProvider)
        {
            lock (_lock)
            {
                return (_boots, UsmTimeWindow.EstimateEngineTime(_time, timeProvider.GetElapsedTime(_timestamp)));
            }
        }
    }
}
