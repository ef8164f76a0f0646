using System.Text;
using Alpi.Protocols.LineProtocol;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>
/// Inputs the property-based tests (and reading the code around them) found that broke a decoder's contract, kept as
/// the octets that did it. Each was fixed in the decoder; see README "Fuzzing and hostile input".
/// </summary>
public class HostileInputRegressionTests
{
    /// <summary>
    /// net-snmp's SHA/DES authPriv response with msgAuthoritativeEngineBoots mutated from 1 to -103 (02 01 99 at byte 44),
    /// found by <c>DecodeV3_MutatedUsmMessages_AuthenticationAndDecryptionReturnUsmErrors</c> (CsCheck seed 5_BdKcU6V4a7):
    /// DecodeV3 accepted the negative value and UsmPrivacy.Decrypt then threw ArgumentOutOfRangeException building the
    /// AES IV, where its contract is to return a UsmError. A negative boots, time, msgID or msgMaxSize is now malformed.
    /// </summary>
    private const string V3NegativeEngineBoots =
        "3081920201033011020453F97932020300FFE304010302010304383036040D80001F8804616C706974657374020199020102040775736861646573040C845903AE731F1D638940CA530408000000017AC9C01304406F93B2E6103417C8220331BDE49E30C1A5F73CA2EA6222A076F6C806652E97F616247F52E2E13A5BC8A3B8D66B271E3FF255C230233ABFBBEBBC7A4A4586F16E";

    /// <summary>
    /// The same response with the encryptedPDU's length octet (byte 84) lying: 0x50 instead of 0x40, past the end of
    /// the message. DecodeV3 ignored the failed read and returned the message with an EMPTY encryptedPDU (and a
    /// "trailing bytes" leniency), so the trap receiver counted it as a decryption failure instead of malformed.
    /// </summary>
    private const string V3EncryptedPduLengthOverrun =
        "3081920201033011020453F97932020300FFE304010302010304383036040D80001F8804616C706974657374020101020102040775736861646573040C845903AE731F1D638940CA530408000000017AC9C01304506F93B2E6103417C8220331BDE49E30C1A5F73CA2EA6222A076F6C806652E97F616247F52E2E13A5BC8A3B8D66B271E3FF255C230233ABFBBEBBC7A4A4586F16E";

    [Test]
    public void DecodeV3_NegativeEngineBoots_IsMalformedAtTheBootsField()
    {
        var result = SnmpMessageCodec.DecodeV3(Convert.FromHexString(V3NegativeEngineBoots));

        result.IsSuccess.Should().BeFalse();
        result.Error!.Reason.Should().Contain("msgAuthoritativeEngineBoots -103");
        result.Error.Offset.Should().Be(44);
    }

    [Test]
    public void Decrypt_OfTheDatagramWithItsOriginalBoots_StillReturnsAValue()
    {
        // The unmutated response decodes, and Decrypt answers with a UsmError value (wrong key here), never an exception.
        var datagram = Convert.FromHexString(V3NegativeEngineBoots);
        datagram[46] = 0x01;
        var frame = SnmpMessageCodec.DecodeV3(datagram).Value!;
        var security = frame.Message.SecurityParameters;
        var plaintext = new byte[frame.Message.EncryptedPdu.Length];

        var result = UsmPrivacy.Decrypt(SnmpPrivProtocol.Aes128, new byte[16], security.EngineBoots, security.EngineTime,
            security.PrivacyParameters.Span, frame.Message.EncryptedPdu.Span, plaintext, out _);

        result.Should().Be(UsmError.None, "AES decrypts any length; the wrong key gives garbage that DecodeScopedPdu then refuses");
        SnmpMessageCodec.DecodeScopedPdu(plaintext).IsSuccess.Should().BeFalse();
    }

    [Test]
    public void DecodeV3_EncryptedPduLengthPastTheMessage_IsMalformed()
    {
        var result = SnmpMessageCodec.DecodeV3(Convert.FromHexString(V3EncryptedPduLengthOverrun));

        result.IsSuccess.Should().BeFalse("the encryptedPDU's length runs past the message");
        result.Error!.Offset.Should().Be(83);
    }

    [Test]
    public void Parse_ByteOrderMarkAtTheStartOfALaterLine_IsSkippedLikeAtTheStartOfThePayload()
    {
        // Found by WriteOfParse_MutatedPayloads_ParsesBackToTheSamePoints (CsCheck seed dSFrtCOxqPm7): a BOM after a
        // comment line became part of the measurement ("\uFEFFmem"), which the writer then wrote at the start of a line,
        // where the parser reads it as a BOM: parse → write → parse gave "mem", another series.
        var payload = Encoding.UTF8.GetBytes("# a comment\n\n  \uFEFFmem total=25276026880i\n\uFEFF\uFEFF cpu usage=1\n");
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, points, errors);

        errors.Should().BeEmpty();
        points.Select(p => p.Measurement).Should().Equal("mem", "cpu");
    }

    [Test]
    public void Write_MeasurementStartingWithAByteOrderMark_IsRefused()
    {
        var point = new LinePoint("\uFEFFmem", [], [new("f", FieldValue.Integer(1))], null);

        var write = () => LineProtocolWriter.Format([point]);

        write.Should().Throw<ArgumentException>().WithMessage("*starts with*");
    }

    [Test]
    public void Parse_LineOfTwoHundredThousandFields_KeepsThemAll()
    {
        // Found by Parse_LinesOfExtremeShape_ReturnWithoutBlowingUp: duplicate fields and tags were looked for by a linear
        // search per key, so one line of n fields cost n²/2 comparisons: 200,000 fields (1.8 MB, well within an MQTT
        // message) kept the collector's ingest busy for minutes. Keys beyond the 16th are now indexed.
        var line = "m " + string.Join(',', Enumerable.Range(0, 200_000).Select(i => $"f{i}=1i"));

        var result = LineProtocolParser.Parse(line);

        result.Errors.Should().BeEmpty();
        result.Points.Should().ContainSingle().Which.Fields.Should().HaveCount(200_000);
    }

    [Test]
    public void Parse_RepeatedFieldBeyondTheSixteenth_KeepsTheLastValueAtTheFirstPosition()
    {
        var line = "m " + string.Join(',', Enumerable.Range(0, 40).Select(i => $"f{i}={i}i")) + ",f3=100i,f30=300i,f39=390i";

        var point = LineProtocolParser.Parse(line).Points.Should().ContainSingle().Subject;

        point.Fields.Should().HaveCount(40);
        point.Fields[3].Should().Be(new KeyValuePair<string, FieldValue>("f3", FieldValue.Integer(100)));
        point.Fields[30].Value.AsInteger.Should().Be(300);
        point.Fields[39].Value.AsInteger.Should().Be(390);
    }

    [Test]
    public void Parse_RepeatedTagBeyondTheSixteenth_IsADuplicateTagError()
    {
        var line = "m," + string.Join(',', Enumerable.Range(0, 20).Select(i => $"t{i}=v")) + ",t17=w f=1";

        var result = LineProtocolParser.Parse(line);

        result.Points.Should().BeEmpty();
        result.Errors.Should().ContainSingle().Which.Reason.Should().Be("duplicate tag \"t17\"");
    }
}
