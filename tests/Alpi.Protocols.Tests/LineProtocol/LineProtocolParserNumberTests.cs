using System.Globalization;
using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Protocols.Tests.LineProtocol;

/// <summary>
/// The parser reads short decimals, integers and timestamps without the framework's number parser (Clinger's fast path
/// for floats): every value must be the one <see cref="double.Parse(string, IFormatProvider)"/> and
/// <see cref="long.Parse(string, IFormatProvider)"/> give, on both sides of each shortcut's limits.
/// </summary>
public class LineProtocolParserNumberTests
{
    // Short decimals (the fast path), and on and past its limits: 2^53 and 2^53 + 1 as mantissa, 19 and 20 digits,
    // 22 and 23 decimals, exponents, values that round (0.1, 0.3), negative zero, leading and trailing points.
    [TestCase("0.1")]
    [TestCase("0.3")]
    [TestCase("-0.0")]
    [TestCase("80.0")]
    [TestCase("1.5")]
    [TestCase("99.25")]
    [TestCase("123456.789012")]
    [TestCase("9007199254740992")]
    [TestCase("9007199254740993")]
    [TestCase("900719925474099.3")]
    [TestCase("900719925474099.35")]
    [TestCase("1234567890123456789")]
    [TestCase("12345678901234567890")]
    [TestCase("0.0000000000000000000001")]
    [TestCase("0.00000000000000000000001")]
    [TestCase("0.1234567890123456789")]
    [TestCase("00000000000000000000.5")]
    [TestCase(".5")]
    [TestCase("-.5")]
    [TestCase("5.")]
    [TestCase("1e3")]
    [TestCase("2.5E-3")]
    [TestCase("4.35")]
    [TestCase("0.000001")]
    [TestCase("179769313486231570000000000000000000000")]
    public void Parse_FloatField_IsTheNearestDouble(string text)
    {
        var point = LineProtocolParser.Parse($"m f={text} 1").Points.Single();

        var value = point.Fields[0].Value.AsFloat;

        BitConverter.DoubleToInt64Bits(value).Should().Be(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), text);
    }

    // Integers and timestamps: 18 digits (the shortcut), 19 (the framework), the int64 limits, negative ones.
    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("999999999999999999")]
    [TestCase("-999999999999999999")]
    [TestCase("1764000000000000000")]
    [TestCase("9223372036854775807")]
    [TestCase("-9223372036854775808")]
    public void Parse_IntegerFieldAndTimestamp_AreExact(string text)
    {
        var point = LineProtocolParser.Parse($"m i={text}i {text}").Points.Single();

        point.Fields[0].Value.AsInteger.Should().Be(long.Parse(text, CultureInfo.InvariantCulture));
        point.Timestamp.Should().Be(long.Parse(text, CultureInfo.InvariantCulture));
    }

    [TestCase("m i=9223372036854775808i 1", "integer field \"i\" out of int64 range")]
    [TestCase("m f=1 9223372036854775808", "timestamp out of int64 range")]
    [TestCase("m f=1.2.3 1", "field \"f\": invalid number \"1.2.3\"")]
    public void Parse_NumberOutOfRangeOrMalformed_IsAnErrorNamingIt(string line, string reason)
    {
        var result = LineProtocolParser.Parse(line + "\nm f=2 2\n");

        result.Errors.Should().ContainSingle().Which.Reason.Should().StartWith(reason);
        result.Points.Should().ContainSingle().Which.Fields[0].Value.AsFloat.Should().Be(2);
    }

    [Test]
    public void Parse_ManyDecimalsFromAgents_MatchTheFrameworkParser()
    {
        // Values as Telegraf and our agent print them (shortest round-trip form), many magnitudes.
        var random = new Random(20261130);
        var text = new StringBuilder();
        var expected = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var value = Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-6, 12)), random.Next(0, 12));
            var written = value.ToString("R", CultureInfo.InvariantCulture);
            if (written.Contains('E', StringComparison.Ordinal))
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"m f={written} {i}\n");
            expected.Add(double.Parse(written, CultureInfo.InvariantCulture));
        }

        var points = LineProtocolParser.Parse(text.ToString()).Points;

        points.Select(p => p.Fields[0].Value.AsFloat).Should().Equal(expected);
    }
}
