using System.Buffers;
using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Protocols.Tests.LineProtocol;

public class LineProtocolWriterTests
{
    private static LinePoint Point(
        string measurement,
        IReadOnlyList<KeyValuePair<string, string>>? tags = null,
        IReadOnlyList<KeyValuePair<string, FieldValue>>? fields = null,
        long? timestamp = null) =>
        new(measurement, tags ?? [], fields ?? [new("value", FieldValue.Float(1))], timestamp);

    private static string Line(LinePoint point)
    {
        var output = new StringBuilder();
        LineProtocolWriter.Write(point, output);
        return output.ToString();
    }

    [Test]
    public void Write_DocsExample_WritesTheDocumentedLine()
    {
        var point = Point(
            "myMeasurement",
            [new("tag1", "value1"), new("tag2", "value2")],
            [new("fieldKey", FieldValue.String("fieldValue"))],
            1556813561098000000);

        Line(point).Should().Be("myMeasurement,tag1=value1,tag2=value2 fieldKey=\"fieldValue\" 1556813561098000000\n");
    }

    [Test]
    public void Write_DocsSpecialCharactersExample_EscapesEachElement()
    {
        var point = Point(
            "\"measurement with quotes\"",
            [new("tag key with spaces", "tag,value,with\"commas\"")],
            [new(@"field_key\\", FieldValue.String("string field value, only \" need be escaped"))]);

        Line(point).Should().Be(@"""measurement\ with\ quotes"",tag\ key\ with\ spaces=tag\,value\,with""commas"" field_key\\\\=""string field value, only \"" need be escaped""" + "\n");
    }

    // Each case: an unescaped measurement and how it is written.
    // Comma and space are escaped; '=' is not special in a measurement.
    [TestCase("cpu load,avg=1", @"cpu\ load\,avg=1")]
    // A backslash is doubled so it cannot escape what follows.
    [TestCase(@"dir\", @"dir\\")]
    // A leading space is escaped, so it survives the parser's leading-whitespace skip.
    [TestCase(" cpu", @"\ cpu")]
    public void Write_SpecialCharactersInMeasurement_EscapesThem(string measurement, string expected)
    {
        Line(Point(measurement)).Should().Be(expected + " value=1\n");
    }

    // Each case: a tag key and value and how they are written: comma, '=', space and backslash are escaped.
    [TestCase("a,b", "c d", @"a\,b=c\ d")]
    [TestCase("a=b", "c=d", @"a\=b=c\=d")]
    [TestCase(@"C:\", @"x\y", @"C:\\=x\\y")]
    // Quotes need no escape in tags.
    [TestCase("q", "\"x\"", "q=\"x\"")]
    public void Write_SpecialCharactersInTag_EscapesThem(string key, string value, string expected)
    {
        Line(Point("m", [new(key, value)])).Should().Be($"m,{expected} value=1\n");
    }

    [Test]
    public void Write_SpecialCharactersInFieldKeyAndString_EscapesThem()
    {
        var point = Point("m", fields: [new("a b,c=d", FieldValue.String(@"say ""hi"" \o/, x=y"))]);

        Line(point).Should().Be(@"m a\ b\,c\=d=""say \""hi\"" \\o/, x=y""" + "\n");
    }

    [Test]
    public void Write_UnsortedTags_SortsThemByKeyOrdinal()
    {
        var point = Point("m", [new("zone", "1"), new("Host", "a"), new("host", "b"), new("_id", "c")]);

        Line(point).Should().Be("m,Host=a,_id=c,host=b,zone=1 value=1\n");
    }

    [Test]
    public void Write_TagsWithEmptyKeyOrValue_SkipsThem()
    {
        var point = Point("m", [new("b", ""), new("a", "1"), new("", "x"), new("c", "3")]);

        Line(point).Should().Be("m,a=1,c=3 value=1\n");
    }

    // Each case: a float and its shortest round-trip text (invariant culture).
    // Plain values.
    [TestCase(1.0, "1")]
    [TestCase(0.1, "0.1")]
    [TestCase(-1.5e-3, "-0.0015")]
    // Exponent form for large and tiny values.
    [TestCase(1e21, "1E+21")]
    [TestCase(double.MaxValue, "1.7976931348623157E+308")]
    [TestCase(double.Epsilon, "5E-324")]
    // The value nearest 1/3 keeps all its digits.
    [TestCase(1.0 / 3, "0.3333333333333333")]
    public void Write_Float_WritesShortestRoundTrip(double value, string expected)
    {
        Line(Point("m", fields: [new("f", FieldValue.Float(value))])).Should().Be($"m f={expected}\n");
    }

    [Test]
    public void Write_IntegersUnsignedAndBooleans_UseTheirSuffixesAndSpellings()
    {
        var point = Point("m", fields:
        [
            new("min", FieldValue.Integer(long.MinValue)),
            new("max", FieldValue.Integer(long.MaxValue)),
            new("umax", FieldValue.UInteger(ulong.MaxValue)),
            new("yes", FieldValue.Boolean(true)),
            new("no", FieldValue.Boolean(false)),
        ], timestamp: -5);

        Line(point).Should().Be("m min=-9223372036854775808i,max=9223372036854775807i,umax=18446744073709551615u,yes=true,no=false -5\n");
    }

    // Each case: a float the line protocol cannot carry.
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Write_NonFiniteFloat_ThrowsArgumentExceptionNamingTheField(double value)
    {
        var act = () => Line(Point("m", fields: [new("ratio", FieldValue.Float(value))]));

        act.Should().Throw<ArgumentException>().WithMessage("*\"ratio\"*NaN or infinity*").And.ParamName.Should().Be("point");
    }

    [Test]
    public void Write_NoFields_ThrowsArgumentException()
    {
        var act = () => Line(new LinePoint("cpu", [], [], null));

        act.Should().Throw<ArgumentException>().WithMessage("*\"cpu\" has no fields*");
    }

    [Test]
    public void Write_EmptyMeasurement_ThrowsArgumentException()
    {
        var act = () => Line(Point(""));

        act.Should().Throw<ArgumentException>().WithMessage("*empty measurement*");
    }

    // Each case: a measurement whose first character the parser would read as a comment or skip as whitespace.
    [TestCase("#cpu")]
    [TestCase("\tcpu")]
    public void Write_MeasurementThatCannotStartALine_ThrowsArgumentException(string measurement)
    {
        var act = () => Line(Point(measurement));

        act.Should().Throw<ArgumentException>().WithMessage("*cannot represent*");
    }

    [Test]
    public void Write_EmptyFieldKey_ThrowsArgumentException()
    {
        var act = () => Line(Point("m", fields: [new("", FieldValue.Integer(1))]));

        act.Should().Throw<ArgumentException>().WithMessage("*empty key*");
    }

    [Test]
    public void Write_DuplicateTagKey_ThrowsArgumentException()
    {
        var act = () => Line(Point("m", [new("host", "a"), new("zone", "z"), new("host", "b")]));

        act.Should().Throw<ArgumentException>().WithMessage("*tag \"host\" appears more than once*");
    }

    // Each case: where a newline sits; line protocol has no way to carry it.
    [TestCase("measurement")]
    [TestCase("tag")]
    [TestCase("field key")]
    [TestCase("string field")]
    public void Write_Newline_ThrowsArgumentException(string where)
    {
        var point = where switch
        {
            "measurement" => Point("a\nb"),
            "tag" => Point("m", [new("t", "a\nb")]),
            "field key" => Point("m", fields: [new("a\nb", FieldValue.Float(1))]),
            _ => Point("m", fields: [new("s", FieldValue.String("a\nb"))]),
        };

        var act = () => Line(point);

        act.Should().Throw<ArgumentException>().WithMessage("*newline*");
    }

    [Test]
    public void Write_InvalidPoint_WritesNothing()
    {
        var output = new StringBuilder("kept\n");
        var buffer = new ArrayBufferWriter<byte>();
        var point = Point("m", [new("t", "v")], [new("a", FieldValue.Integer(1)), new("b", FieldValue.Float(double.NaN))]);

        var toText = () => LineProtocolWriter.Write(point, output);
        var toBytes = () => LineProtocolWriter.Write(point, buffer);

        toText.Should().Throw<ArgumentException>();
        toBytes.Should().Throw<ArgumentException>();
        output.ToString().Should().Be("kept\n");
        buffer.WrittenCount.Should().Be(0);
    }

    [Test]
    public void Write_BufferWriter_WritesTheSameLineAsUtf8()
    {
        var point = Point(
            "température salle",
            [new("lieu", "été, 2ème"), new("emoji", "😀=ok")],
            [new("état", FieldValue.String("\"chaud\" \\ 30°C")), new("n", FieldValue.Integer(-3))],
            1);
        var buffer = new ArrayBufferWriter<byte>(1);

        LineProtocolWriter.Write(point, buffer);

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(Line(point));
    }

    [Test]
    public void Format_SeveralPoints_WritesOneLfTerminatedLineEach()
    {
        var text = LineProtocolWriter.Format([Point("a"), Point("b", timestamp: 2)]);

        text.Should().Be("a value=1\nb value=1 2\n").And.NotContain("\r");
    }

    [Test]
    public void Format_NoPoints_ReturnsEmptyString()
    {
        LineProtocolWriter.Format([]).Should().BeEmpty();
    }
}
