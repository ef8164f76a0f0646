using System.Text;
using Alpi.Protocols.LineProtocol;
using static Alpi.Protocols.Tests.LineProtocol.LinePointDump;

namespace Alpi.Protocols.Tests.LineProtocol;

/// <summary>
/// The parse with <see cref="LinePointShaping"/> (a collector adding the topic's tenant and host and the reception time as
/// it reads each point): the same points as the plain parse, shaped, on the same byte-level edge cases.
/// </summary>
public class LineProtocolParserShapingTests
{
    private const long Received = 1_764_000_000_000_000_000;

    // Each case: one line, and the expected point as "measurement | tags | fields | timestamp" once the shaping put
    // "id=x" first and gave a line without timestamp the reception time.
    // Escaped comma, space and equals sign in tag key and value.
    [TestCase(@"m,a\ b=c\,d\=e f=1 5", "m | id=x;a b=c,d=e | f=Float:1 | 5")]
    // A quoted string with spaces, commas and an escaped quote.
    [TestCase("m,t=v s=\"a, b \\\"c\\\" d\" 5", "m | id=x;t=v | s=String:a, b \"c\" d | 5")]
    // UTF-8 multi-byte tag key and value, and field key (é is 2 octets, 漢 3, 😀 4).
    [TestCase("mesure,lieu=Médiathèque\\ 漢 température=21.5,😀=1i 5", "mesure | id=x;lieu=Médiathèque 漢 | température=Float:21.5;😀=Integer:1i | 5")]
    // Integer, unsigned, booleans in every spelling InfluxDB takes.
    [TestCase("m i=-9223372036854775808i,u=18446744073709551615u,b1=t,b2=FALSE,b3=True 5",
        "m | id=x | i=Integer:-9223372036854775808i;u=UInteger:18446744073709551615u;b1=Boolean:true;b2=Boolean:false;b3=Boolean:true | 5")]
    // No timestamp: the reception time.
    [TestCase("m,t=v f=1", "m | id=x;t=v | f=Float:1 | 1764000000000000000")]
    // No timestamp and trailing spaces.
    [TestCase("m f=1   ", "m | id=x | f=Float:1 | 1764000000000000000")]
    // No tags: the shaping still adds its own.
    [TestCase("m f=2 7", "m | id=x | f=Float:2 | 7")]
    public void Parse_WithShaping_ShapesThePointOfTheLine(string line, string expected)
    {
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        LineProtocolParser.Parse(Encoding.UTF8.GetBytes(line), TimestampPrecision.Nanoseconds, Shaping(), points, errors).Should().Be(1);

        errors.Should().BeEmpty();
        Dump(points.Single()).Should().Be(expected);
    }

    // Each: a payload of three lines whose second is stamped outside the range kept [100, 200] (or at its edges), and
    // what the second line gives: its timestamp, or the error at the timestamp's column.
    [TestCase("m v=2 99", "line 2, column 7: timestamp \"99\" (1970-01-01T00:00:00.000000099Z) is outside the range kept, 1970-01-01T00:00:00.000000100Z to 1970-01-01T00:00:00.000000200Z")]
    [TestCase("m v=2 201", "line 2, column 7: timestamp \"201\" (1970-01-01T00:00:00.000000201Z) is outside the range kept, 1970-01-01T00:00:00.000000100Z to 1970-01-01T00:00:00.000000200Z")]
    [TestCase("m v=2 -9223372036854775808", "line 2, column 7: timestamp \"-9223372036854775808\" (1677-09-21T00:12:43.145224192Z) is outside the range kept, 1970-01-01T00:00:00.000000100Z to 1970-01-01T00:00:00.000000200Z")]
    [TestCase("m v=2 100", "100")] // the edges are kept
    [TestCase("m v=2 200", "200")]
    [TestCase("m v=2", "150")]     // a line without timestamp gets the default, never checked
    public void Parse_WithATimestampRange_RefusesTheLineStampedOutside_AndKeepsTheOthers(string second, string expected)
    {
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        var shaping = new LinePointShaping(150, null) { MinTimestamp = 100, MaxTimestamp = 200 };

        LineProtocolParser.Parse(Encoding.UTF8.GetBytes($"m v=1 120\n{second}\nm v=3 180"), TimestampPrecision.Nanoseconds, shaping, points, errors);

        var lines = points.Select(p => p.Timestamp!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(errors.Select(e => e.ToString())).ToList();
        lines.Should().HaveCount(3).And.Contain(["120", "180", expected]);
    }

    [Test]
    public void Parse_WithARangeInSeconds_ComparesTheTimestampInNanoseconds()
    {
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        var shaping = new LinePointShaping(null, null) { MinTimestamp = 0, MaxTimestamp = 10_000_000_000 };

        LineProtocolParser.Parse("m v=1 10\nm v=2 11"u8, TimestampPrecision.Seconds, shaping, points, errors);

        points.Should().ContainSingle().Which.Timestamp.Should().Be(10_000_000_000);
        errors.Should().ContainSingle().Which.Reason.Should().StartWith("timestamp \"11\" (1970-01-01T00:00:11.000000000Z) is outside the range kept");
    }

    [Test]
    public void Parse_WithShaping_CallsTheTagSetShapeOncePerDistinctTagSetAndSharesItsResult()
    {
        var calls = new List<string>();
        var shaping = new LinePointShaping(Received, tags =>
        {
            calls.Add(string.Join(",", tags.Select(t => $"{t.Key}={t.Value}")));
            return [new("id", "x"), .. tags];
        });
        var payload = "cpu,cpu=cpu0 v=1 1\ncpu,cpu=cpu1 v=2 1\ncpu,cpu=cpu0 v=3 2\nmem v=4 2\ndisk v=5 2\ncpu,cpu=cpu1 v=6 2\n"u8.ToArray();
        var points = new List<LinePoint>();

        LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, shaping, points, []);

        calls.Should().Equal("cpu=cpu0", "cpu=cpu1", "");
        points.Should().HaveCount(6);
        points[2].Tags.Should().BeSameAs(points[0].Tags);
        points[5].Tags.Should().BeSameAs(points[1].Tags);
        points[4].Tags.Should().BeSameAs(points[3].Tags);
        points[1].Tags.Should().NotBeSameAs(points[0].Tags);
    }

    [Test]
    public void Parse_WithShaping_KeepsTheGoodLinesBesideABadOneAndNamesIt()
    {
        var payload = "m,t=a f=1\nm,t=a f=tru 3\nm,t=é\\ b f=\"x, y\" 4\n"u8.ToArray();
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, Shaping(), points, errors).Should().Be(2);

        points.Select(Dump).Should().Equal(
            "m | id=x;t=a | f=Float:1 | 1764000000000000000",
            "m | id=x;t=é b | f=String:x, y | 4");
        errors.Should().ContainSingle();
        errors[0].LineNumber.Should().Be(2);
        errors[0].Column.Should().Be(9);
        errors[0].Reason.Should().Contain("field \"f\": invalid value \"tru\"");
    }

    [Test]
    public void Parse_WithShaping_TimestampInSecondsIsConvertedAndTheDefaultIsTakenAsNanoseconds()
    {
        var points = new List<LinePoint>();

        LineProtocolParser.Parse("m f=1 2\nm f=1\n"u8, TimestampPrecision.Seconds, Shaping(), points, []);

        points.Select(p => p.Timestamp).Should().Equal(2_000_000_000L, Received);
    }

    [Test]
    public void Parse_WithoutShaping_LeavesTheTimestampNullAndTheTagsAsWritten()
    {
        var points = new List<LinePoint>();

        LineProtocolParser.Parse("m,t=v f=1\n"u8, TimestampPrecision.Nanoseconds, null, points, []);

        Dump(points.Single()).Should().Be("m | t=v | f=Float:1 | -");
    }

    private static LinePointShaping Shaping() => new(Received, tags => [new("id", "x"), .. tags]);
}
