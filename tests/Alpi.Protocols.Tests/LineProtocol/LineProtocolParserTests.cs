using System.Text;
using Alpi.Protocols.LineProtocol;
using static Alpi.Protocols.Tests.LineProtocol.LinePointDump;

namespace Alpi.Protocols.Tests.LineProtocol;

public class LineProtocolParserTests
{
    // Each case: one line of line protocol, and the expected point as "measurement | tags | fields | timestamp".
    // Source of the "docs" cases: InfluxDB 2.x documentation, "Line protocol".
    // Docs: the syntax example.
    [TestCase("myMeasurement,tag1=value1,tag2=value2 fieldKey=\"fieldValue\" 1556813561098000000",
        "myMeasurement | tag1=value1;tag2=value2 | fieldKey=String:fieldValue | 1556813561098000000")]
    // Docs: the "special characters" example (quotes in a measurement are literal, backslash-backslash is one backslash).
    [TestCase(@"""measurement\ with\ quotes"",tag\ key\ with\ spaces=tag\,value\,with""commas"" field_key\\\\=""string field value, only \"" need be escaped""",
        @"""measurement with quotes"" | tag key with spaces=tag,value,with""commas"" | field_key\\=String:string field value, only "" need be escaped | -")]
    // Docs: escaped space in a measurement.
    [TestCase(@"my\ Measurement fieldKey=""string value""", "my Measurement |  | fieldKey=String:string value | -")]
    // Docs: escaped spaces in tag keys and values.
    [TestCase(@"myMeasurement,tag\ Key1=tag\ Value1,tag\ Key2=tag\ Value2 fieldKey=100",
        "myMeasurement | tag Key1=tag Value1;tag Key2=tag Value2 | fieldKey=Float:100 | -")]
    // Docs: escaped double quotes inside a string field.
    [TestCase(@"myMeasurement fieldKey=""\""string\"" within a string""", @"myMeasurement |  | fieldKey=String:""string"" within a string | -")]
    // Docs: escaped comma and equals sign in a field key.
    [TestCase(@"myMeasurement field\,Key\=1=1i", "myMeasurement |  | field,Key=1=Integer:1i | -")]
    // Docs: a backslash before an ordinary character is literal.
    [TestCase(@"my\Measurement fieldKey=""string value""", @"my\Measurement |  | fieldKey=String:string value | -")]
    // Docs, escaping backslashes: \ is \, \\ is \, \\\ is \\, \\\\ is \\.
    [TestCase(@"m,t=a\b f=1", @"m | t=a\b | f=Float:1 | -")]
    [TestCase(@"m,t=a\\b f=1", @"m | t=a\b | f=Float:1 | -")]
    [TestCase(@"m,t=a\\\b f=1", @"m | t=a\\b | f=Float:1 | -")]
    [TestCase(@"m,t=a\\\\b f=1", @"m | t=a\\b | f=Float:1 | -")]
    // A string field keeps a backslash that escapes nothing (Windows paths from agents).
    [TestCase(@"m f=""C:\path\to""", @"m |  | f=String:C:\path\to | -")]
    // String fields: \\ is one backslash.
    [TestCase(@"m f=""a\\b""", @"m |  | f=String:a\b | -")]
    // Commas, spaces and equals signs inside a string field need no escape.
    [TestCase("m f=\"a, b=c d\"", "m |  | f=String:a, b=c d | -")]
    // Empty string field.
    [TestCase("m f=\"\"", "m |  | f=String: | -")]
    // Measurement: only comma and space are escapes, so \= stays as written and a bare = is data.
    [TestCase(@"m\=x f=1", @"m\=x |  | f=Float:1 | -")]
    [TestCase("m=x f=1", "m=x |  | f=Float:1 | -")]
    // Escaped comma and space in a measurement.
    [TestCase(@"cpu\,load\ avg f=1", "cpu,load avg |  | f=Float:1 | -")]
    // Escaped equals signs in tag key, tag value and field key.
    [TestCase(@"m,a\=b=c\=d e\=f=1", "m | a=b=c=d | e=f=Float:1 | -")]
    // An unescaped '=' in a tag value is taken literally, as InfluxDB does.
    [TestCase("m,t=a=b f=1", "m | t=a=b | f=Float:1 | -")]
    // Floats: integer form, decimals, exponents (docs: 1e+78, -1.234456e+78), leading dot, trailing dot, negative zero.
    [TestCase("m f=1", "m |  | f=Float:1 | -")]
    [TestCase("m f=1.0", "m |  | f=Float:1 | -")]
    [TestCase("m f=1e3", "m |  | f=Float:1000 | -")]
    [TestCase("m f=-1.5E-3", "m |  | f=Float:-0.0015 | -")]
    [TestCase("m f=1e+78", "m |  | f=Float:1E+78 | -")]
    [TestCase("m f=-1.234456e+78", "m |  | f=Float:-1.234456E+78 | -")]
    [TestCase("m f=.5", "m |  | f=Float:0.5 | -")]
    [TestCase("m f=5.", "m |  | f=Float:5 | -")]
    [TestCase("m f=-0", "m |  | f=Float:-0 | -")]
    [TestCase("m f=1.7976931348623157e308", "m |  | f=Float:1.7976931348623157E+308 | -")]
    // Integers: docs examples and the int64 extremes.
    [TestCase("m f=12485903i", "m |  | f=Integer:12485903i | -")]
    [TestCase("m f=-12485903i", "m |  | f=Integer:-12485903i | -")]
    [TestCase("m f=9223372036854775807i", "m |  | f=Integer:9223372036854775807i | -")]
    [TestCase("m f=-9223372036854775808i", "m |  | f=Integer:-9223372036854775808i | -")]
    // Unsigned integers: docs example and the uint64 extremes.
    [TestCase("m f=12485903u", "m |  | f=UInteger:12485903u | -")]
    [TestCase("m f=0u", "m |  | f=UInteger:0u | -")]
    [TestCase("m f=18446744073709551615u", "m |  | f=UInteger:18446744073709551615u | -")]
    // Booleans: every spelling the docs accept.
    [TestCase("m f=t", "m |  | f=Boolean:true | -")]
    [TestCase("m f=T", "m |  | f=Boolean:true | -")]
    [TestCase("m f=true", "m |  | f=Boolean:true | -")]
    [TestCase("m f=True", "m |  | f=Boolean:true | -")]
    [TestCase("m f=TRUE", "m |  | f=Boolean:true | -")]
    [TestCase("m f=f", "m |  | f=Boolean:false | -")]
    [TestCase("m f=F", "m |  | f=Boolean:false | -")]
    [TestCase("m f=false", "m |  | f=Boolean:false | -")]
    [TestCase("m f=False", "m |  | f=Boolean:false | -")]
    [TestCase("m f=FALSE", "m |  | f=Boolean:false | -")]
    // Every field type on one line.
    [TestCase("m a=1,b=2i,c=3u,d=\"x\",e=t 7", "m |  | a=Float:1;b=Integer:2i;c=UInteger:3u;d=String:x;e=Boolean:true | 7")]
    // Duplicate field keys: the last value wins, as InfluxDB does (and the type may change).
    [TestCase("m a=1,b=2,a=3i", "m |  | a=Integer:3i;b=Float:2 | -")]
    // Leading whitespace (spaces and tabs) is skipped.
    [TestCase("  \tm f=1", "m |  | f=Float:1 | -")]
    // CRLF line ending (Windows agents): the \r is dropped.
    [TestCase("m f=1 5\r\n", "m |  | f=Float:1 | 5")]
    // Extra spaces between sections and after the timestamp are tolerated.
    [TestCase("m  f=1  5  ", "m |  | f=Float:1 | 5")]
    // Negative timestamps are before 1970.
    [TestCase("m f=1 -1000", "m |  | f=Float:1 | -1000")]
    // Tags are kept in the order given.
    [TestCase("m,z=1,a=2 f=1", "m | z=1;a=2 | f=Float:1 | -")]
    // Non-ASCII names and values (UTF-8).
    [TestCase("température,lieu=salle\\ été valeur=21.5,état=\"ok ✓\"", "température | lieu=salle été | valeur=Float:21.5;état=String:ok ✓ | -")]
    // A '#' after the start of a line is data, not a comment.
    [TestCase("m,t=#1 f=\"#x\"", "m | t=#1 | f=String:#x | -")]
    public void Parse_ValidLine_ReturnsExpectedPoint(string line, string expected)
    {
        var result = LineProtocolParser.Parse(line);

        result.Errors.Should().BeEmpty();
        result.Points.Should().ContainSingle();
        Dump(result.Points[0]).Should().Be(expected);
    }

    // Each case: one malformed line, the expected 1-based column and a fragment of the reason.
    // Only a measurement.
    [TestCase("cpu", 4, "measurement \"cpu\" has no field set")]
    // Tags but no fields.
    [TestCase("cpu,host=a", 11, "missing field set")]
    [TestCase("cpu ", 5, "missing field set")]
    // No measurement.
    [TestCase(",host=a f=1", 1, "missing measurement")]
    // Tag without key, without '=', without value; duplicate tag.
    [TestCase("cpu,=a f=1", 5, "empty tag key")]
    [TestCase("cpu,host f=1", 9, "tag \"host\" has no '='")]
    [TestCase("cpu,host= f=1", 10, "tag \"host\" has an empty value")]
    [TestCase("cpu,host=a,host=b f=1", 12, "duplicate tag \"host\"")]
    // Field without key, without '=', without value; trailing comma.
    [TestCase("cpu =1", 5, "empty field key")]
    [TestCase("cpu f", 6, "field \"f\" has no '='")]
    [TestCase("cpu f=", 7, "field \"f\" has no value")]
    [TestCase("cpu f= 1", 7, "field \"f\" has no value")]
    [TestCase("cpu f=1,", 9, "empty field key")]
    // Unquoted text, misspelt boolean.
    [TestCase("cpu f=abc", 7, "field \"f\": invalid value \"abc\" (strings must be double-quoted")]
    [TestCase("cpu f=tru", 7, "field \"f\": invalid value \"tru\"")]
    [TestCase("cpu f=yes", 7, "field \"f\": invalid value \"yes\"")]
    // NaN and infinities are rejected.
    [TestCase("cpu f=NaN", 7, "float field \"f\": NaN and infinity are not allowed")]
    [TestCase("cpu f=Inf", 7, "float field \"f\": NaN and infinity are not allowed")]
    [TestCase("cpu f=-Infinity", 7, "float field \"f\": NaN and infinity are not allowed")]
    // A float beyond double range.
    [TestCase("cpu f=1e400", 7, "float field \"f\" out of range")]
    // Malformed numbers.
    [TestCase("cpu f=1.2.3", 7, "field \"f\": invalid number \"1.2.3\"")]
    [TestCase("cpu f=0x10", 7, "field \"f\": invalid number \"0x10\"")]
    [TestCase("cpu f=1e", 7, "field \"f\": invalid number \"1e\"")]
    [TestCase("cpu f=1.5i", 7, "field \"f\": invalid integer \"1.5i\"")]
    [TestCase("cpu f=i", 7, "field \"f\": invalid integer \"i\"")]
    [TestCase("cpu f=-1u", 7, "field \"f\": invalid unsigned integer \"-1u\"")]
    // Integers out of range.
    [TestCase("cpu f=9223372036854775808i", 7, "integer field \"f\" out of int64 range")]
    [TestCase("cpu f=-9223372036854775809i", 7, "integer field \"f\" out of int64 range")]
    [TestCase("cpu f=18446744073709551616u", 7, "unsigned field \"f\" out of uint64 range")]
    // Strings: unterminated, text after the closing quote, a trailing backslash escaping the quote.
    [TestCase("cpu f=\"abc", 7, "field \"f\": unterminated string")]
    [TestCase(@"cpu f=""abc\""", 7, "field \"f\": unterminated string")]
    [TestCase("cpu f=\"a\"b", 10, "field \"f\": unexpected text after closing quote")]
    // The field name appears in the reason of the second field.
    [TestCase("cpu ok=1,load=x", 15, "field \"load\": invalid value \"x\"")]
    // Timestamps: not a number, fractional, out of int64, text after it.
    [TestCase("cpu f=1 abc", 9, "invalid timestamp \"abc\"")]
    [TestCase("cpu f=1 1.5", 9, "invalid timestamp \"1.5\"")]
    [TestCase("cpu f=1 9223372036854775808", 9, "timestamp out of int64 range")]
    [TestCase("cpu f=1 1 2", 11, "unexpected text after timestamp")]
    public void Parse_MalformedLine_ReturnsErrorWithColumnAndReason(string line, int column, string reason)
    {
        var result = LineProtocolParser.Parse(line);

        result.Points.Should().BeEmpty();
        result.Errors.Should().ContainSingle();
        result.Errors[0].LineNumber.Should().Be(1);
        result.Errors[0].Column.Should().Be(column);
        result.Errors[0].Reason.Should().Contain(reason);
    }

    [Test]
    public void Parse_FiveLinesWithLinesTwoAndFourBad_KeepsThreePointsAndReportsTwoErrors()
    {
        const string payload =
            "cpu,host=a usage=1 1\n" +
            "cpu,host=b usage=oops 2\n" +
            "cpu,host=c usage=3 3\n" +
            "cpu,host=d usage=4i 99999999999999999999\n" +
            "cpu,host=e usage=5 5\n";

        var result = LineProtocolParser.Parse(payload);

        result.Points.Select(p => p.GetTag("host")).Should().Equal("a", "c", "e");
        result.Errors.Select(e => e.LineNumber).Should().Equal(2, 4);
        result.Errors[0].Reason.Should().Contain("\"usage\"");
        result.Errors[1].Reason.Should().Contain("timestamp");
    }

    [Test]
    public void Parse_CommentsBlankLinesAndCrLf_AreSkippedButCounted()
    {
        const string payload = "# header comment\r\n\r\n   \t\r\n  # indented comment\r\ncpu f=1\r\ncpu f=\r\ncpu f=2";

        var result = LineProtocolParser.Parse(payload);

        result.Points.Should().HaveCount(2);
        result.Errors.Should().ContainSingle().Which.LineNumber.Should().Be(6);
    }

    [Test]
    public void Parse_EscapedCommaInTagValue_UnescapesIt()
    {
        var result = LineProtocolParser.Parse(@"net,iface=eth0\,1 rx=1i");

        result.Points.Should().ContainSingle().Which.GetTag("iface").Should().Be("eth0,1");
    }

    [Test]
    public void Parse_NewlineInsideQuotes_EndsTheLine()
    {
        // Line protocol does not support newlines in field values: both halves are malformed.
        var result = LineProtocolParser.Parse("m f=\"a\nb\" 1");

        result.Points.Should().BeEmpty();
        result.Errors.Select(e => e.LineNumber).Should().Equal(1, 2);
    }

    [Test]
    public void Parse_InvalidUtf8_ReportsColumnOfBadByte()
    {
        byte[] payload = [.. "cpu f=1\nm,t="u8, 0xC3, 0x28, .. " f=1\ncpu f=2"u8];
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        var count = LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, points, errors);

        count.Should().Be(2);
        errors.Should().ContainSingle().Which.Should().Be(new LineProtocolError(2, 5, "invalid UTF-8"));
    }

    [Test]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        byte[] payload = [0xEF, 0xBB, 0xBF, .. "cpu f=1"u8];
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, points, errors);

        points.Should().ContainSingle().Which.Measurement.Should().Be("cpu");
        errors.Should().BeEmpty();
    }

    [Test]
    public void Parse_SpanOverload_AppendsToExistingCollectionsAndReturnsCount()
    {
        var points = new List<LinePoint> { LineProtocolParser.Parse("old f=1").Points[0] };
        var errors = new List<LineProtocolError>();

        var count = LineProtocolParser.Parse(Encoding.UTF8.GetBytes("a f=1\nb f=2\nbad"), TimestampPrecision.Seconds, points, errors);

        count.Should().Be(2);
        points.Select(p => p.Measurement).Should().Equal("old", "a", "b");
        errors.Should().ContainSingle().Which.LineNumber.Should().Be(3);
    }

    [Test]
    public void Parse_EmptyPayload_ReturnsNothing()
    {
        var result = LineProtocolParser.Parse(string.Empty);

        result.Points.Should().BeEmpty();
        result.Errors.Should().BeEmpty();
    }

    [Test]
    public void Parse_LongLineWithEscapes_UnescapesBeyondStackBuffer()
    {
        var value = string.Concat(Enumerable.Repeat(@"a\ b\,", 200));
        var result = LineProtocolParser.Parse($"m,t={value} f=\"{value.Replace(@"\", @"\\", StringComparison.Ordinal)}\"");

        var expected = string.Concat(Enumerable.Repeat("a b,", 200));
        result.Points.Should().ContainSingle().Which.GetTag("t").Should().Be(expected);
        result.Points[0].Fields[0].Value.AsString.Should().Be(value);
    }

    [Test]
    public void Parse_RepeatedNames_ReturnsTheSameStringInstances()
    {
        var result = LineProtocolParser.Parse("cpu,host=a f=1\ncpu,host=a f=2");

        result.Points[1].Measurement.Should().BeSameAs(result.Points[0].Measurement);
        result.Points[1].Tags[0].Value.Should().BeSameAs(result.Points[0].Tags[0].Value);
    }

    // Each case: precision, timestamp as written, expected nanoseconds.
    // Nanoseconds: unchanged.
    [TestCase(TimestampPrecision.Nanoseconds, "1556813561098000000", 1556813561098000000L)]
    // Microseconds, milliseconds, seconds: scaled to nanoseconds.
    [TestCase(TimestampPrecision.Microseconds, "1556813561098000", 1556813561098000000L)]
    [TestCase(TimestampPrecision.Milliseconds, "1556813561098", 1556813561098000000L)]
    [TestCase(TimestampPrecision.Seconds, "1556813561", 1556813561000000000L)]
    // Negative timestamps scale too.
    [TestCase(TimestampPrecision.Seconds, "-1", -1000000000L)]
    // The largest representable value of each precision.
    [TestCase(TimestampPrecision.Nanoseconds, "9223372036854775807", long.MaxValue)]
    [TestCase(TimestampPrecision.Microseconds, "9223372036854775", 9223372036854775000L)]
    [TestCase(TimestampPrecision.Milliseconds, "9223372036854", 9223372036854000000L)]
    [TestCase(TimestampPrecision.Seconds, "9223372036", 9223372036000000000L)]
    [TestCase(TimestampPrecision.Seconds, "-9223372036", -9223372036000000000L)]
    public void Parse_TimestampWithPrecision_ConvertsToNanoseconds(TimestampPrecision precision, string timestamp, long expected)
    {
        var result = LineProtocolParser.Parse($"m f=1 {timestamp}", precision);

        result.Errors.Should().BeEmpty();
        result.Points.Should().ContainSingle().Which.Timestamp.Should().Be(expected);
    }

    // Each case: a timestamp one step beyond what int64 nanoseconds can hold in that precision.
    [TestCase(TimestampPrecision.Microseconds, "9223372036854776")]
    [TestCase(TimestampPrecision.Milliseconds, "9223372036855")]
    [TestCase(TimestampPrecision.Seconds, "9223372037")]
    [TestCase(TimestampPrecision.Seconds, "-9223372037")]
    public void Parse_TimestampOverflowingNanoseconds_ReturnsError(TimestampPrecision precision, string timestamp)
    {
        var result = LineProtocolParser.Parse($"m f=1 {timestamp}", precision);

        result.Points.Should().BeEmpty();
        result.Errors.Should().ContainSingle().Which.Reason.Should().Contain("overflows int64 nanoseconds");
    }

    [Test]
    public void Parse_NoTimestamp_LeavesTimestampNullWhateverThePrecision()
    {
        var result = LineProtocolParser.Parse("m f=1", TimestampPrecision.Seconds);

        result.Points.Should().ContainSingle().Which.Timestamp.Should().BeNull();
    }

    [Test]
    public void Parse_LinesOfOneTagSet_ShareOneTagArrayAndKeepEachLinesOwnTags()
    {
        // 16 CPUs repeated, as a Telegraf cpu collection sends them: cpu1 and cpu10 must not be confused.
        var text = new StringBuilder();
        for (var i = 0; i < 48; i++)
        {
            text.Append("cpu,cpu=cpu").Append(i % 16).Append(",site=s1 usage=").Append(i).Append(" 1\n");
        }

        var result = LineProtocolParser.Parse(text.ToString());

        result.Errors.Should().BeEmpty();
        for (var i = 0; i < 48; i++)
        {
            result.Points[i].GetTag("cpu").Should().Be($"cpu{i % 16}");
            result.Points[i].GetTag("site").Should().Be("s1");
        }

        result.Points[16].Tags.Should().BeSameAs(result.Points[0].Tags);
        result.Points[26].Tags.Should().BeSameAs(result.Points[10].Tags);
        result.Points[1].Tags.Should().NotBeSameAs(result.Points[10].Tags);
    }
}
