using System.Text;
using Alpi.HotspotController.Portal;
using Alpi.Protocols.LineProtocol;
using Alpi.Protocols.Radius;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Fuzz;

/// <summary>
/// One fuzz target per decoder that reads hostile input. Each calls the decoder as the daemons do and checks its
/// documented contract: a value or the documented error, never an exception. Anything thrown is a crash for AFL++.
/// </summary>
internal static class Targets
{
    private static readonly byte[] RadiusSecret = "testing123"u8.ToArray();
    private static readonly byte[] EngineId = Convert.FromHexString("80001f8804616c706974657374");
    private static readonly string[] UrlBases = ["http://portal.example/", "http://portal.example"];

    // Instrumented code must not run before Fuzzer.Run has set up the coverage map: the keys are made on first use.
    private static UsmTestKeys? s_keys;

    /// <summary>The targets by name.</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["snmp"] = Snmp,
        ["radius"] = Radius,
        ["lineprotocol"] = LineProtocol,
        ["uam"] = Uam,
    };

    /// <summary>SnmpMessageCodec (v1/v2c, v3 framing, ScopedPDU), then USM verification and decryption of what decodes.</summary>
    private static void Snmp(byte[] data)
    {
        SnmpMessageCodec.TryReadVersion(data, out _);
        var message = SnmpMessageCodec.Decode(data);
        Require(message.IsSuccess == message.Value is not null, "Decode: value and error disagree");
        Require(message.IsSuccess || message.Error.Offset <= data.Length, "Decode: error offset beyond the data");
        if (message.Value is { } m)
        {
            _ = SnmpPduText(m.Pdu);
        }

        SnmpMessageCodec.DecodeScopedPdu(data);
        var v3 = SnmpMessageCodec.DecodeV3(data);
        if (v3.Value is not { } frame)
        {
            return;
        }

        Require(frame.AuthenticationParametersOffset + frame.AuthenticationParametersLength <= frame.MessageLength && frame.MessageLength <= data.Length,
            "DecodeV3: authentication parameters or message beyond the data");
        var keys = s_keys ??= new UsmTestKeys(
            UsmKeys.LocalizedAuthKey(SnmpAuthProtocol.HmacSha1_96, "maplesyrup", EngineId),
            UsmKeys.LocalizedPrivKey(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes128, "maplesyrup", EngineId),
            UsmKeys.LocalizedPrivKey(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Des, "maplesyrup", EngineId));
        var copy = (byte[])data.Clone();
        UsmAuthentication.VerifyInPlace(SnmpAuthProtocol.HmacSha1_96, keys.Auth, copy.AsSpan(0, frame.MessageLength),
            frame.AuthenticationParametersOffset, frame.AuthenticationParametersLength);
        Require(copy.AsSpan().SequenceEqual(data), "VerifyInPlace did not restore the message");
        var security = frame.Message.SecurityParameters;
        var encrypted = frame.Message.EncryptedPdu.Span;
        var plaintext = new byte[encrypted.Length];
        foreach (var (protocol, key) in new[] { (SnmpPrivProtocol.Aes128, keys.Aes), (SnmpPrivProtocol.Des, keys.Des) })
        {
            if (UsmPrivacy.Decrypt(protocol, key, security.EngineBoots, security.EngineTime, security.PrivacyParameters.Span, encrypted, plaintext, out var written) == UsmError.None
                && SnmpMessageCodec.DecodeScopedPdu(plaintext.AsSpan(0, written)).Value is { } scoped)
            {
                _ = SnmpPduText(scoped.Pdu);
            }
        }

        if (frame.Message.ScopedPdu is { } plain)
        {
            _ = SnmpPduText(plain.Pdu);
        }
    }

    /// <summary>RadiusPacketReader, then the authenticator, password and CHAP checks the server runs.</summary>
    private static void Radius(byte[] data)
    {
        var ok = RadiusPacketReader.TryDecode(data, out var packet, out var error);
        Require(ok == packet is not null && ok == (error == RadiusDecodeError.None), "TryDecode: result, packet and error disagree");
        RadiusCrypto.VerifyMessageAuthenticator(data, RadiusSecret, default);
        if (packet is null)
        {
            return;
        }

        RadiusCrypto.VerifyRequestAuthenticator(data, RadiusSecret);
        RadiusCrypto.VerifyChapPassword(packet, "p"u8);
        if (packet.Find(RadiusAttributeType.UserPassword) is { } password)
        {
            var plain = new byte[password.Value.Length];
            RadiusCrypto.TryUnhidePassword(password.Value.Span, RadiusSecret, packet.Authenticator.Span, plain, out _, out _);
        }

        foreach (var attribute in packet.Attributes)
        {
            _ = attribute.ToString() + attribute.GetString() + RadiusDictionary.Describe(attribute);
        }

        var buffer = new byte[RadiusPacket.MaxLength];
        if (RadiusPacketWriter.TryEncode(packet, buffer, out var written))
        {
            Require(RadiusPacketReader.TryDecode(buffer.AsSpan(0, written), out var again, out _) && again == packet, "decode(encode(packet)) differs");
        }
    }

    /// <summary>LineProtocolParser on the payload as an MQTT message carries it, then each point written and parsed back.</summary>
    private static void LineProtocol(byte[] data)
    {
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        LineProtocolParser.Parse(data, TimestampPrecision.Nanoseconds, points, errors);
        foreach (var point in points)
        {
            var again = LineProtocolParser.Parse(LineProtocolWriter.Format([point]));
            Require(again.Errors.Count == 0 && again.Points.Count == 1, "a written point does not parse back");
        }
    }

    /// <summary>The landing page's raw query: UamSignature.Verify, UamQuery.TryParse, and the /logon URL built from a valid query.</summary>
    private static void Uam(byte[] data)
    {
        var raw = Encoding.UTF8.GetString(data);
        UamSignature.Verify(raw, UrlBases, "uamsecret");
        SafeRedirect.TryGetUserUrl(raw, out _);
        var problem = UamQuery.TryParse(raw, out var query, out _);
        Require((problem == UamQueryProblem.None) == query is not null, "TryParse: problem and query disagree");
        if (query is not null)
        {
            SafeRedirect.BuildLogonUrl(query.UamIp, query.UamPort, "alice", new string('0', 32), query.UserUrl);
        }
    }

    private static string SnmpPduText(ISnmpPdu pdu)
    {
        var text = new StringBuilder();
        var varbinds = pdu switch
        {
            SnmpPdu standard => standard.Varbinds,
            TrapV1Pdu trap => trap.Varbinds,
            _ => [],
        };
        foreach (var varbind in varbinds)
        {
            text.Append(varbind.ToString());
        }

        return text.ToString();
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Contract broken: " + what);
        }
    }
}

/// <summary>Localised USM keys for user "maplesyrup" on engine "alpitest" (net-snmp's test engine of the captures).</summary>
internal sealed record UsmTestKeys(byte[] Auth, byte[] Aes, byte[] Des);
