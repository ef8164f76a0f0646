using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.V3;
using Alpi.Testing.Hostile;
using CsCheck;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>
/// Hostile input for the SNMP decoder (<see cref="SnmpMessageCodec"/>, documented to never throw on malformed input
/// and to return the error with its offset) and the USM checks run on what it decodes (<see cref="UsmAuthentication"/>,
/// <see cref="UsmPrivacy"/>, documented to return <see cref="UsmError"/> values): random octets, real packets mutated
/// (bit flips, truncation, length-field lies, splices), nesting bombs and huge declared lengths, then round trips.
/// Fixed PCG states: every run tries the same inputs.
/// </summary>
[TestFixture]
public sealed class SnmpDecoderProperties
{
    private static readonly byte[] EngineId = Convert.FromHexString("80001f8804616c706974657374");
    private static readonly (SnmpAuthProtocol Protocol, byte[] Key)[] AuthKeys =
        [.. new[] { SnmpAuthProtocol.HmacMd5_96, SnmpAuthProtocol.HmacSha1_96, SnmpAuthProtocol.HmacSha256_192, SnmpAuthProtocol.HmacSha512_384 }
            .Select(p => (p, UsmKeys.LocalizedAuthKey(p, "maplesyrup", EngineId)))];

    private static readonly (SnmpPrivProtocol Protocol, byte[] Key)[] PrivKeys =
        [.. new[] { SnmpPrivProtocol.Des, SnmpPrivProtocol.Aes128, SnmpPrivProtocol.Aes256 }
            .Select(p => (p, UsmKeys.LocalizedPrivKey(SnmpAuthProtocol.HmacSha1_96, p, "maplesyrup", EngineId)))];

    [Test]
    public void Decode_RandomOctets_ReturnsAMessageOrAnErrorWithItsOffset()
    {
        // Half pure noise, half noise behind a plausible SEQUENCE { INTEGER version } so the decoder gets past the first checks.
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 400],
            Gen.Select(Gen.Int[0, 3], Gen.Byte.Array[0, 300], (version, rest) =>
                BerFormat.Tlv(0x30, [0x02, 0x01, (byte)version, .. rest])));

        PropertyRun.Check(gen, state: 0x5E_0001, count: 20_000, DecodesOrReportsAnError, PropertyRun.Hex);
    }

    [Test]
    public void Decode_MutatedRealPackets_ReturnsAMessageOrAnErrorWithItsOffset()
    {
        PropertyRun.Check(Mutated.From(SnmpSeeds.All, BerFormat.Instance), state: 0x5E_0002, count: 40_000, DecodesOrReportsAnError, PropertyRun.Hex);
    }

    [Test]
    public void DecodeV3_MutatedUsmMessages_AuthenticationAndDecryptionReturnUsmErrors()
    {
        PropertyRun.Check(Mutated.From(SnmpSeeds.V3, BerFormat.Instance), state: 0x5E_0003, count: 20_000, UsmChecksReturnValues, PropertyRun.Hex);
    }

    [Test]
    public void Decode_NestingBombsManyVarbindsAndHugeDeclaredLengths_ReturnsWithoutBlowingUp()
    {
        PropertyRun.Check(Bombs.Snmp, state: 0x5E_0004, count: 600, DecodesOrReportsAnError, b => $"{b.Length} octets: {PropertyRun.Hex(b[..Math.Min(b.Length, 64)])}…");
    }

    [Test]
    public void EncodeOfDecode_OfMutatedPackets_IsStableAndCanonicalInputsComeBackIdentical()
    {
        PropertyRun.Check(Mutated.From(SnmpSeeds.All, BerFormat.Instance, maxMutations: 2), state: 0x5E_0005, count: 30_000, EncodeOfDecodeIsStable, PropertyRun.Hex);
    }

    [Test]
    public void DecodeOfEncode_GeneratedMessages_GivesTheSameMessage()
    {
        PropertyRun.Check(SnmpGen.Message, state: 0x5E_0006, count: 20_000, message =>
        {
            var decoded = SnmpMessageCodec.Decode(SnmpSeeds.Encode(message));
            decoded.IsSuccess.Should().BeTrue(decoded.ToString());
            decoded.Leniencies.Should().Be(Alpi.Protocols.Snmp.Ber.BerLeniency.None, "our encoder writes minimal BER");
            SnmpGen.Describe(decoded.Value!).Should().Be(SnmpGen.Describe(message));
        }, SnmpGen.Describe);
    }

    [Test]
    public void DecodeV3OfEncodeV3_GeneratedMessages_GivesTheSameMessage()
    {
        PropertyRun.Check(SnmpGen.V3Message, state: 0x5E_0007, count: 10_000, message =>
        {
            var decoded = SnmpMessageCodec.DecodeV3(SnmpSeeds.EncodeV3(message));
            decoded.IsSuccess.Should().BeTrue(decoded.ToString());
            SnmpGen.Describe(decoded.Value!.Message).Should().Be(SnmpGen.Describe(message));
        }, SnmpGen.Describe);
    }

    /// <summary>Every entry point returns a value or its documented error; every decoded value can be read and printed.</summary>
    internal static void DecodesOrReportsAnError(byte[] datagram)
    {
        SnmpMessageCodec.TryReadVersion(datagram, out _);

        var message = SnmpMessageCodec.Decode(datagram);
        CheckResult(message, datagram.Length);
        if (message.Value is { } m)
        {
            Touch(m.Pdu);
        }

        var v3 = SnmpMessageCodec.DecodeV3(datagram);
        CheckResult(v3, datagram.Length);
        if (v3.Value is { } frame)
        {
            frame.AuthenticationParametersOffset.Should().BeInRange(0, frame.MessageLength);
            (frame.AuthenticationParametersOffset + frame.AuthenticationParametersLength).Should().BeLessThanOrEqualTo(frame.MessageLength);
            frame.MessageLength.Should().BeLessThanOrEqualTo(datagram.Length);
            if (frame.Message.ScopedPdu is { } scoped)
            {
                Touch(scoped.Pdu);
            }
        }

        var scopedPdu = SnmpMessageCodec.DecodeScopedPdu(datagram);
        CheckResult(scopedPdu, datagram.Length);
    }

    private static void UsmChecksReturnValues(byte[] datagram)
    {
        DecodesOrReportsAnError(datagram);
        var decoded = SnmpMessageCodec.DecodeV3(datagram);
        if (!decoded.IsSuccess)
        {
            return;
        }

        var frame = decoded.Value;
        var security = frame.Message.SecurityParameters;
        var copy = (byte[])datagram.Clone();
        foreach (var (protocol, key) in AuthKeys)
        {
            var verified = UsmAuthentication.VerifyInPlace(protocol, key, copy.AsSpan(0, frame.MessageLength),
                frame.AuthenticationParametersOffset, frame.AuthenticationParametersLength);
            verified.Should().BeOneOf(UsmError.None, UsmError.WrongDigest, UsmError.WrongAuthenticationParametersLength);
            copy.Should().Equal(datagram, "VerifyInPlace puts the received MAC back");
        }

        var encrypted = frame.Message.EncryptedPdu;
        foreach (var (protocol, key) in PrivKeys)
        {
            var plaintext = new byte[encrypted.Length];
            var result = UsmPrivacy.Decrypt(protocol, key, security.EngineBoots, security.EngineTime,
                security.PrivacyParameters.Span, encrypted.Span, plaintext, out var written);
            result.Should().BeOneOf(UsmError.None, UsmError.WrongPrivacyParametersLength, UsmError.CiphertextNotMultipleOf8);
            if (result == UsmError.None)
            {
                written.Should().Be(encrypted.Length);
                CheckResult(SnmpMessageCodec.DecodeScopedPdu(plaintext.AsSpan(0, written)), written);
            }
        }
    }

    private static void EncodeOfDecodeIsStable(byte[] datagram)
    {
        var decoded = SnmpMessageCodec.Decode(datagram);
        if (decoded.Value is { } message && SnmpGen.IsEncodable(message.Pdu))
        {
            var encoded = SnmpSeeds.Encode(message);
            var again = SnmpMessageCodec.Decode(encoded);
            again.IsSuccess.Should().BeTrue(again.ToString());
            again.Leniencies.Should().Be(Alpi.Protocols.Snmp.Ber.BerLeniency.None, "our encoder writes minimal BER");
            SnmpSeeds.Encode(again.Value!).Should().Equal(encoded);
            if (decoded.Leniencies == Alpi.Protocols.Snmp.Ber.BerLeniency.None)
            {
                encoded.Should().Equal(datagram, "a datagram decoded without any leniency is canonical BER");
            }
        }

        var v3 = SnmpMessageCodec.DecodeV3(datagram);
        if (v3.Value is { } frame && (frame.Message.ScopedPdu is null || SnmpGen.IsEncodable(frame.Message.ScopedPdu.Pdu)))
        {
            var encoded = SnmpSeeds.EncodeV3(frame.Message);
            var again = SnmpMessageCodec.DecodeV3(encoded);
            again.IsSuccess.Should().BeTrue(again.ToString());
            SnmpGen.Describe(again.Value!.Message).Should().Be(SnmpGen.Describe(frame.Message));
            SnmpSeeds.EncodeV3(again.Value.Message).Should().Equal(encoded);
            if (v3.Leniencies == Alpi.Protocols.Snmp.Ber.BerLeniency.None)
            {
                encoded.Should().Equal(datagram, "a datagram decoded without any leniency is canonical BER");
            }
        }
    }

    private static void CheckResult<T>(SnmpDecodeResult<T> result, int length)
        where T : class
    {
        if (result.IsSuccess)
        {
            result.Value.Should().NotBeNull();
            return;
        }

        result.Value.Should().BeNull();
        result.Error.Reason.Should().NotBeNullOrWhiteSpace();
        result.Error.Reason.Should().NotBe("no error");
        result.Error.Offset.Should().BeInRange(0, length);
        result.ToString().Should().NotBeEmpty();
    }

    /// <summary>Reads every decoded value as the trap receiver and the agent do: formatted, and by its typed accessor.</summary>
    private static void Touch(ISnmpPdu pdu)
    {
        IReadOnlyList<Varbind> varbinds = pdu switch
        {
            SnmpPdu standard => standard.Varbinds,
            TrapV1Pdu trap => trap.Varbinds,
            _ => [],
        };
        if (pdu is TrapV1Pdu v1)
        {
            _ = v1.Enterprise.ToString() + v1.AgentAddress;
        }

        foreach (var varbind in varbinds)
        {
            _ = varbind.ToString();
            _ = varbind.Oid.ToString();
            var value = varbind.Value;
            _ = value.Type switch
            {
                SnmpValueType.Integer32 => value.AsInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                SnmpValueType.OctetString => value.AsText() + value.AsOctets().Length,
                SnmpValueType.ObjectIdentifier => value.AsOid().ToString(),
                SnmpValueType.IpAddress => value.AsIPAddress().ToString(),
                SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks => value.AsUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                SnmpValueType.Counter64 => value.AsUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
    }
}
