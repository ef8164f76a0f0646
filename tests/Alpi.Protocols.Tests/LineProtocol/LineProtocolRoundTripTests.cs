using System.Buffers;
using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Protocols.Tests.LineProtocol;

public class LineProtocolRoundTripTests
{
    private const int Seed = 20261129;

    private static IEnumerable<TestCaseData> VariedPoints()
    {
        yield return new TestCaseData(new LinePoint("cpu", [new("cpu", "cpu-total"), new("host", "srv01")],
            [new("usage_idle", FieldValue.Float(97.5)), new("usage_user", FieldValue.Float(1.25))], 1556813561098000000))
            .SetName("RoundTrip_TelegrafCpuPoint");
        yield return new TestCaseData(new LinePoint("a b,c", [new("k=1,2 3", @"v\ \,\=")],
            [new(@"f\", FieldValue.String(@"""\""\\"))], null))
            .SetName("RoundTrip_EverySpecialCharacter");
        yield return new TestCaseData(new LinePoint("m", [],
            [
                new("imin", FieldValue.Integer(long.MinValue)), new("imax", FieldValue.Integer(long.MaxValue)),
                new("umax", FieldValue.UInteger(ulong.MaxValue)), new("umin", FieldValue.UInteger(0)),
                new("fmax", FieldValue.Float(double.MaxValue)), new("fmin", FieldValue.Float(double.MinValue)),
                new("eps", FieldValue.Float(double.Epsilon)), new("negzero", FieldValue.Float(-0.0)),
                new("t", FieldValue.Boolean(true)), new("f", FieldValue.Boolean(false)), new("empty", FieldValue.String("")),
            ], long.MinValue))
            .SetName("RoundTrip_Extremes");
        yield return new TestCaseData(new LinePoint("温度", [new("場所", "東京 😀")],
            [new("値", FieldValue.String("tab\there, cr\rthere"))], 0))
            .SetName("RoundTrip_UnicodeTabAndCarriageReturn");
    }

    [TestCaseSource(nameof(VariedPoints))]
    public void RoundTrip_VariedPoint_ParsesBackToTheSamePoint(LinePoint point)
    {
        AssertRoundTrips(point);
    }

    [Test]
    public void RoundTrip_RandomPoints_ParseBackToTheSamePoints()
    {
        var random = new Random(Seed);
        var points = Enumerable.Range(0, 500).Select(_ => RandomPoint(random)).ToList();

        var text = LineProtocolWriter.Format(points);
        var result = LineProtocolParser.Parse(text);

        result.Errors.Should().BeEmpty();
        result.Points.Should().HaveCount(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            AssertSamePoint(result.Points[i], points[i]);
        }
    }

    [Test]
    public void RoundTrip_RandomPointsThroughUtf8Writer_ParseBackToTheSamePoints()
    {
        var random = new Random(Seed + 1);
        var points = Enumerable.Range(0, 500).Select(_ => RandomPoint(random)).ToList();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var point in points)
        {
            LineProtocolWriter.Write(point, buffer);
        }

        var parsed = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        LineProtocolParser.Parse(buffer.WrittenSpan, TimestampPrecision.Nanoseconds, parsed, errors);

        errors.Should().BeEmpty();
        parsed.Should().HaveCount(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            AssertSamePoint(parsed[i], points[i]);
        }
    }

    [Test]
    public void RoundTrip_DocsEscapingExample_ParseWriteParseIsStable()
    {
        const string line = @"""measurement\ with\ quotes"",tag\ key\ with\ spaces=tag\,value\,with""commas"" field_key\\\\=""string field value, only \"" need be escaped""";
        var first = LineProtocolParser.Parse(line).Points.Single();

        var written = LineProtocolWriter.Format([first]);

        written.Should().Be(line + "\n");
        AssertSamePoint(LineProtocolParser.Parse(written).Points.Single(), first);
    }

    private static void AssertRoundTrips(LinePoint point)
    {
        var result = LineProtocolParser.Parse(LineProtocolWriter.Format([point]));

        result.Errors.Should().BeEmpty();
        AssertSamePoint(result.Points.Should().ContainSingle().Subject, point);
    }

    private static void AssertSamePoint(LinePoint actual, LinePoint expected)
    {
        actual.Measurement.Should().Be(expected.Measurement);
        actual.Tags.Should().Equal(expected.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
        actual.Fields.Should().Equal(expected.Fields);
        actual.Timestamp.Should().Be(expected.Timestamp);
    }

    private static LinePoint RandomPoint(Random random)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            tags[RandomText(random, 1)] = RandomText(random, 1);
        }

        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            fields[RandomText(random, 1)] = RandomValue(random);
        }

        // A measurement cannot start with '#' (comment) or a tab (skipped as leading whitespace).
        var measurement = (char)('a' + random.Next(26)) + RandomText(random, 0);
        long? timestamp = random.Next(4) switch
        {
            0 => null,
            1 => long.MinValue,
            2 => long.MaxValue,
            _ => random.NextInt64(long.MinValue, long.MaxValue),
        };
        return new LinePoint(measurement, [.. tags], [.. fields], timestamp);
    }

    private static FieldValue RandomValue(Random random) => random.Next(9) switch
    {
        0 => FieldValue.Integer(random.Next(3) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => random.NextInt64(long.MinValue, long.MaxValue) }),
        1 => FieldValue.UInteger(random.Next(3) switch { 0 => 0, 1 => ulong.MaxValue, _ => (ulong)random.NextInt64() * 2 + (ulong)random.Next(2) }),
        2 => FieldValue.String(RandomText(random, 0)),
        3 => FieldValue.Boolean(random.Next(2) == 0),
        4 => FieldValue.Float(random.Next(4) switch { 0 => double.MaxValue, 1 => double.MinValue, 2 => double.Epsilon, _ => -double.Epsilon }),
        5 => FieldValue.Float((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30))),
        _ => FieldValue.Float(RandomFiniteDouble(random)),
    };

    private static double RandomFiniteDouble(Random random)
    {
        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    // Characters special somewhere in line protocol, plus non-ASCII text; newlines are unsupported and left out.
    private static readonly string[] Alphabet =
    [
        "a", "b", "Z", "0", "9", "_", "-", ".", " ", ",", "=", "\"", "\\", "#", "\t", "\r", "'",
        "é", "ß", "Ω", "温", "度", "😀", "𝄞", "\u00A0", "\uFEFF",
    ];

    private static string RandomText(Random random, int minLength)
    {
        var text = new StringBuilder();
        for (var i = random.Next(minLength, 12); i > 0; i--)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }
}
