using System.Buffers;
using System.Net;
using System.Text;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Collector.Traps;

/// <summary>
/// Turns one received datagram into a trap event, an answer to send back, or a drop reason. Pure apart from the
/// clock: no I/O, never throws on bad input.
/// <list type="bullet">
/// <item>SNMPv1 Trap-PDU (RFC 1157 §4.1.6): trap OID converted per RFC 3584 §3.1.</item>
/// <item>SNMPv2c SNMPv2-Trap (RFC 3416 §4.2.6) and InformRequest (RFC 3416 §4.2.7, answered with a Response-PDU
/// carrying the same request-id and variable bindings).</item>
/// <item>SNMPv3 with USM (RFC 3414 §3.2): traps authenticated with the user configured for the sender's engine
/// (the sender is authoritative); informs with this receiver's engine (the receiver is authoritative), which
/// answers engine discovery with a usmStatsUnknownEngineIDs Report (RFC 3414 §4) and stale boots/time with a
/// usmStatsNotInTimeWindows Report (RFC 3414 §3.2 step 7a).</item>
/// </list>
/// Decoding is lenient (<see cref="BerLeniency"/>: non-minimal integers, unsigned values without their leading zero…);
/// the deviations seen are reported in <see cref="TrapOutcome.Leniencies"/>.
/// </summary>
public sealed class TrapMessageHandler
{
    private readonly HashSet<string> _communities;
    private readonly TrapSourceMap _sources;
    private readonly TrapUsmUsers _users;
    private readonly TrapLocalEngine _engine;
    private readonly TimeProvider _timeProvider;
    private readonly UsmSaltCounter _salt = new();
    private readonly TrapSenderClocks _senderClocks;
    private long _unknownEngineIds;
    private long _notInTimeWindows;

    /// <summary>Creates the handler.</summary>
    public TrapMessageHandler(TrapReceiverOptions options, TrapSourceMap sources, TrapUsmUsers users, TrapLocalEngine engine, TimeProvider timeProvider)
    {
        _senderClocks = new TrapSenderClocks(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _communities = new HashSet<string>(options.AcceptedCommunities, StringComparer.Ordinal);
        _sources = sources;
        _users = users;
        _engine = engine;
        _timeProvider = timeProvider;
    }

    /// <summary>Handles one datagram from <paramref name="source"/>. <paramref name="datagram"/> may be modified and restored (HMAC check in place).</summary>
    public TrapOutcome Handle(Span<byte> datagram, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!SnmpMessageCodec.TryReadVersion(datagram, out var version))
        {
            return TrapOutcome.Drop(TrapDropReason.Malformed, "not an SNMP message (no SEQUENCE { INTEGER version … })");
        }

        var leniencies = BerLeniency.None;
        var outcome = version switch
        {
            SnmpVersion.V1 or SnmpVersion.V2c => HandleCommunity(datagram, source, ref leniencies),
            SnmpVersion.V3 => HandleV3(datagram, source, ref leniencies),
            _ => TrapOutcome.Drop(TrapDropReason.Malformed, $"unsupported SNMP version {(int)version}"),
        };
        return outcome with { Leniencies = leniencies };
    }

    private TrapOutcome HandleCommunity(ReadOnlySpan<byte> datagram, IPAddress source, ref BerLeniency leniencies)
    {
        var decoded = SnmpMessageCodec.Decode(datagram);
        leniencies |= decoded.Leniencies;
        if (!decoded.IsSuccess)
        {
            return TrapOutcome.Drop(TrapDropReason.Malformed, decoded.Error.ToString());
        }

        var message = decoded.Value;
        var versionName = message.Version == SnmpVersion.V1 ? "v1" : "v2c";
        if (_communities.Count > 0 && !_communities.Contains(message.CommunityText))
        {
            return TrapOutcome.Drop(TrapDropReason.UnknownCommunity, $"{versionName} {message.Pdu.Type} with a community that is not in Collector:Traps:Communities");
        }

        switch (message.Pdu)
        {
            case TrapV1Pdu v1 when message.Version == SnmpVersion.V1:
                var trapOid = TrapOids.FromV1(v1.Enterprise, v1.Generic, v1.SpecificTrap);
                return TrapOutcome.Accept(NewEvent(source, versionName, "trap", trapOid, v1.TimeStamp, v1.Varbinds.Select(ToText).ToList()));

            case SnmpPdu { Type: SnmpPduType.SNMPv2Trap } trap when message.Version == SnmpVersion.V2c:
                return FromV2Pdu(trap, source, versionName, "trap", null);

            case SnmpPdu { Type: SnmpPduType.InformRequest } inform when message.Version == SnmpVersion.V2c:
                var response = new SnmpMessage(message.Version, message.Community, ResponseTo(inform));
                var buffer = new ArrayBufferWriter<byte>();
                SnmpMessageCodec.Encode(response, buffer);
                return FromV2Pdu(inform, source, versionName, "inform", buffer.WrittenSpan.ToArray());

            default:
                return TrapOutcome.Drop(TrapDropReason.UnexpectedPdu, $"{versionName} {message.Pdu.Type} is not a notification");
        }
    }

    private TrapOutcome HandleV3(Span<byte> datagram, IPAddress source, ref BerLeniency leniencies)
    {
        var decoded = SnmpMessageCodec.DecodeV3(datagram);
        leniencies |= decoded.Leniencies;
        if (!decoded.IsSuccess)
        {
            return TrapOutcome.Drop(TrapDropReason.Malformed, decoded.Error.ToString());
        }

        var frame = decoded.Value;
        var message = frame.Message;
        var security = message.SecurityParameters;
        var flags = message.Flags;
        if (security.AuthoritativeEngineId.IsEmpty)
        {
            // Engine discovery (RFC 3414 §4): a reportable, unauthenticated request with no engine ID.
            if ((flags & SnmpV3MessageFlags.Reportable) == 0)
            {
                return TrapOutcome.Drop(TrapDropReason.UnknownUser, "SNMPv3 message without an authoritative engine ID");
            }

            var count = (uint)Interlocked.Increment(ref _unknownEngineIds);
            return TrapOutcome.Reply(Report(message, TrapOids.UsmStatsUnknownEngineIds0, count, security.UserName));
        }

        var userName = Encoding.UTF8.GetString(security.UserName.Span);
        var keys = _users.Find(security.UserName.Span, security.AuthoritativeEngineId.Span);
        if (keys is null)
        {
            return TrapOutcome.Drop(TrapDropReason.UnknownUser, $"SNMPv3 user \"{userName}\" is not configured for engine 0x{Convert.ToHexString(security.AuthoritativeEngineId.Span)}");
        }

        var wantsAuth = (flags & SnmpV3MessageFlags.Authentication) != 0;
        var wantsPriv = (flags & SnmpV3MessageFlags.Privacy) != 0;
        if (wantsAuth != (keys.Auth != SnmpAuthProtocol.None) || wantsPriv != (keys.Priv != SnmpPrivProtocol.None))
        {
            return TrapOutcome.Drop(TrapDropReason.SecurityLevel, $"SNMPv3 user \"{userName}\" sent {Level(flags)}, configured for {Level(keys)}");
        }

        if (wantsAuth)
        {
            var verified = UsmAuthentication.VerifyInPlace(keys.Auth, keys.AuthKey, datagram[..frame.MessageLength],
                frame.AuthenticationParametersOffset, frame.AuthenticationParametersLength);
            if (verified != UsmError.None)
            {
                return TrapOutcome.Drop(TrapDropReason.WrongDigest, $"SNMPv3 user \"{userName}\": authentication failed ({verified})");
            }
        }

        var ourEngine = security.AuthoritativeEngineId.Span.SequenceEqual(_engine.EngineId);
        if (!ourEngine && wantsAuth && _senderClocks.Check(security.AuthoritativeEngineId.Span, security.EngineBoots, security.EngineTime) != UsmError.None)
        {
            // RFC 3414 §3.2 step 7b: an authenticated trap older than the sender's known clock is a replay.
            return TrapOutcome.Drop(TrapDropReason.NotInTimeWindow,
                $"SNMPv3 user \"{userName}\": boots {security.EngineBoots} time {security.EngineTime} older than engine 0x{Convert.ToHexString(security.AuthoritativeEngineId.Span)}'s clock (replay?)");
        }

        if (ourEngine && wantsAuth && !_engine.InTimeWindow(security.EngineBoots, security.EngineTime))
        {
            // RFC 3414 §3.2 step 7a: the Report carries our boots and time so the sender can resynchronise.
            var count = (uint)Interlocked.Increment(ref _notInTimeWindows);
            return new TrapOutcome(null, Report(message, TrapOids.UsmStatsNotInTimeWindows0, count, security.UserName, keys), TrapDropReason.NotInTimeWindow,
                $"SNMPv3 user \"{userName}\": boots {security.EngineBoots} time {security.EngineTime} outside the time window");
        }

        var scoped = message.ScopedPdu;
        if (wantsPriv)
        {
            var plaintext = new byte[message.EncryptedPdu.Length];
            var decrypted = UsmPrivacy.Decrypt(keys.Priv, keys.PrivKey, security.EngineBoots, security.EngineTime,
                security.PrivacyParameters.Span, message.EncryptedPdu.Span, plaintext, out var written);
            var scopedResult = decrypted == UsmError.None ? SnmpMessageCodec.DecodeScopedPdu(plaintext.AsSpan(0, written)) : default;
            leniencies |= scopedResult.Leniencies;
            if (decrypted != UsmError.None || !scopedResult.IsSuccess)
            {
                return TrapOutcome.Drop(TrapDropReason.DecryptionFailed, $"SNMPv3 user \"{userName}\": the encrypted PDU could not be decrypted");
            }

            scoped = scopedResult.Value;
        }

        if (scoped is null)
        {
            return TrapOutcome.Drop(TrapDropReason.Malformed, "SNMPv3 message without a scoped PDU");
        }

        switch (scoped.Pdu.Type)
        {
            case SnmpPduType.SNMPv2Trap:
                return FromV2Pdu(scoped.Pdu, source, "v3", "trap", null);
            case SnmpPduType.InformRequest when ourEngine:
                var answer = Respond(message, scoped with { Pdu = ResponseTo(scoped.Pdu) }, keys);
                return FromV2Pdu(scoped.Pdu, source, "v3", "inform", answer);
            case SnmpPduType.InformRequest:
                return TrapOutcome.Drop(TrapDropReason.UnknownUser, "SNMPv3 inform for another engine than this receiver's (Collector:Traps:EngineId)");
            default:
                return TrapOutcome.Drop(TrapDropReason.UnexpectedPdu, $"v3 {scoped.Pdu.Type} is not a notification");
        }
    }

    /// <summary>A Response-PDU to an InformRequest: same request-id and varbinds, no error (RFC 3416 §4.2.7).</summary>
    private static SnmpPdu ResponseTo(SnmpPdu inform) => new(SnmpPduType.Response, inform.RequestId, SnmpErrorStatus.NoError, 0, inform.Varbinds);

    private TrapOutcome FromV2Pdu(SnmpPdu pdu, IPAddress source, string version, string kind, byte[]? response)
    {
        Oid? trapOid = null;
        long? uptime = null;
        var varbinds = new List<TrapVarbind>(pdu.Varbinds.Count);
        foreach (var varbind in pdu.Varbinds)
        {
            if (trapOid is null && varbind.Oid == TrapOids.SnmpTrapOid0 && varbind.Value.Type == SnmpValueType.ObjectIdentifier)
            {
                trapOid = varbind.Value.AsOid();
            }
            else if (uptime is null && varbind.Oid == TrapOids.SysUpTime0 && varbind.Value.Type == SnmpValueType.TimeTicks)
            {
                uptime = varbind.Value.AsUInt32();
            }
            else
            {
                varbinds.Add(ToText(varbind));
            }
        }

        if (trapOid is not { } oid)
        {
            return TrapOutcome.Drop(TrapDropReason.Malformed, $"{version} {kind} without snmpTrapOID.0 (RFC 3416 §4.2.6)");
        }

        return new TrapOutcome(NewEvent(source, version, kind, oid, uptime, varbinds), response, null, null);
    }

    private TrapEvent NewEvent(IPAddress source, string version, string kind, Oid trapOid, long? uptime, List<TrapVarbind> varbinds)
    {
        var (tenant, device) = _sources.Resolve(source);
        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        return new TrapEvent(0, _timeProvider.GetUtcNow(), tenant, device, address.ToString(), version, kind, trapOid.ToString(),
            TrapOids.WellKnownName(trapOid), uptime, varbinds);
    }

    /// <summary>A varbind as text: numeric OID, SNMP type name, and the value as net-snmp prints it after its type prefix.</summary>
    internal static TrapVarbind ToText(Varbind varbind)
    {
        var text = varbind.Value.ToString();
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var value = colon > 0 && !varbind.Value.IsException && !varbind.Value.IsDecodeError ? text[(colon + 2)..] : text;
        return new TrapVarbind(varbind.Oid.ToString(), varbind.Value.Type.ToString(), value);
    }

    /// <summary>
    /// A Report-PDU (RFC 3412 §7.1 step 3b, RFC 3414 §3.2): this engine's ID, boots and time, the request's msgID and
    /// request-id, one counter varbind; unauthenticated unless <paramref name="keys"/> are given (notInTimeWindow is
    /// sent authenticated, RFC 3414 §3.2 step 7a).
    /// </summary>
    private byte[] Report(SnmpV3Message request, Oid counter, uint count, ReadOnlyMemory<byte> userName, TrapUsmKeys? keys = null)
    {
        var requestId = request.ScopedPdu?.Pdu.RequestId ?? int.MaxValue;
        var pdu = new SnmpPdu(SnmpPduType.Report, requestId, SnmpErrorStatus.NoError, 0, [new Varbind(counter, SnmpValue.Counter32(count))]);
        var scoped = new SnmpScopedPdu(_engine.EngineId, default, pdu);
        if (keys is not null)
        {
            return Respond(request, scoped, keys with { Priv = SnmpPrivProtocol.None, PrivKey = [] }, SnmpV3MessageFlags.Authentication);
        }

        var security = new UsmSecurityParameters(_engine.EngineId, _engine.Boots, _engine.Time, userName, default, default);
        var message = new SnmpV3Message(request.MessageId, 65507, SnmpV3MessageFlags.None, security, scoped, default);
        var buffer = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.EncodeV3(message, 0, buffer, out _);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An SNMPv3 answer from this (authoritative) engine, encrypted and signed with <paramref name="keys"/> (RFC 3414 §3.1).</summary>
    private byte[] Respond(SnmpV3Message request, SnmpScopedPdu scoped, TrapUsmKeys keys, SnmpV3MessageFlags? flagsOverride = null)
    {
        var flags = flagsOverride ?? (request.Flags & (SnmpV3MessageFlags.Authentication | SnmpV3MessageFlags.Privacy));
        var boots = _engine.Boots;
        var time = _engine.Time;
        ReadOnlyMemory<byte> encrypted = default;
        byte[] privacyParameters = [];
        SnmpScopedPdu? plain = scoped;
        if ((flags & SnmpV3MessageFlags.Privacy) != 0)
        {
            var plaintext = new ArrayBufferWriter<byte>();
            SnmpMessageCodec.EncodeScopedPdu(scoped, plaintext);
            var ciphertext = new byte[UsmPrivacy.CiphertextLength(keys.Priv, plaintext.WrittenCount)];
            privacyParameters = new byte[UsmPrivacy.PrivParamsLength];
            var written = UsmPrivacy.Encrypt(keys.Priv, keys.PrivKey, boots, time, _salt.Next(), plaintext.WrittenSpan, privacyParameters, ciphertext);
            encrypted = ciphertext.AsMemory(0, written);
            plain = null;
        }

        var security = new UsmSecurityParameters(_engine.EngineId, boots, time, keys.UserName, default, privacyParameters);
        var message = new SnmpV3Message(request.MessageId, 65507, flags, security, plain, encrypted);
        var buffer = new ArrayBufferWriter<byte>();
        var authLength = UsmAuthentication.AuthParamsLength(keys.Auth);
        var start = buffer.WrittenCount;
        SnmpMessageCodec.EncodeV3(message, authLength, buffer, out var authOffset);
        var bytes = buffer.WrittenSpan[start..].ToArray();
        if (authLength > 0)
        {
            UsmAuthentication.Sign(keys.Auth, keys.AuthKey, bytes, authOffset);
        }

        return bytes;
    }

    private static string Level(SnmpV3MessageFlags flags) =>
        (flags & SnmpV3MessageFlags.Privacy) != 0 ? "authPriv" : (flags & SnmpV3MessageFlags.Authentication) != 0 ? "authNoPriv" : "noAuthNoPriv";

    private static string Level(TrapUsmKeys keys) =>
        keys.Priv != SnmpPrivProtocol.None ? "authPriv" : keys.Auth != SnmpAuthProtocol.None ? "authNoPriv" : "noAuthNoPriv";
}

/// <summary>What to do with one datagram: store <see cref="Event"/>, send <see cref="Response"/> back, or count <see cref="DropReason"/>.</summary>
/// <param name="Event">The notification to store, or null.</param>
/// <param name="Response">Octets to send back to the source (an inform's Response, a Report), or null.</param>
/// <param name="DropReason">A <see cref="TrapDropReason"/> when the datagram is dropped, else null.</param>
/// <param name="Detail">Why it was dropped, for the log (never a secret).</param>
public readonly record struct TrapOutcome(TrapEvent? Event, byte[]? Response, string? DropReason, string? Detail)
{
    /// <summary>
    /// The BER deviations the lenient decoder accepted in this datagram (the message, and for SNMPv3 the decrypted
    /// scoped PDU), whatever the outcome: <see cref="TrapStatistics.BerLeniencies"/> counts them per kind.
    /// </summary>
    public BerLeniency Leniencies { get; init; }

    internal static TrapOutcome Accept(TrapEvent trap) => new(trap, null, null, null);

    internal static TrapOutcome Reply(byte[] response) => new(null, response, null, null);

    internal static TrapOutcome Drop(string reason, string detail) => new(null, null, reason, detail);
}
