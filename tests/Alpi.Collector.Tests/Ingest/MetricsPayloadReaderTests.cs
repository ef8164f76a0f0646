using System.Text;
using Alpi.Collector.Ingest;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Tests.Ingest;

public class MetricsPayloadReaderTests
{
    [Test]
    public void ParseWithLineLimit_LongLines_RejectedWithTheirLineNumbersAndTheOtherLinesParsed()
    {
        // Line 2 is too long, line 4 is malformed, line 5 is too long and ends the payload without a newline.
        var payload = Encoding.UTF8.GetBytes($"a v=1 1\n{Long('b')}\nc v=3 3\nd v= 4\n{Long('e')}");
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        var tooLong = MetricsPayloadReader.ParseWithLineLimit(payload, 300, points, errors);

        tooLong.Should().Be(2);
        points.Select(p => p.Measurement).Should().Equal("a", "c");
        errors.Select(e => e.LineNumber).Should().Equal(2, 4, 5);
        errors[0].ToString().Should().Be("line 2, column 301: line of 301 octets is longer than the limit of 300 (Collector:Ingest:MaxLineBytes); not read");
    }

    [Test]
    public void ParseWithLineLimit_LineOfExactlyTheLimitWithCarriageReturn_IsRead()
    {
        var line = "m v=1 1";
        var payload = Encoding.UTF8.GetBytes(new string(' ', 300 - line.Length) + line + "\r\n" + Long('x'));
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        MetricsPayloadReader.ParseWithLineLimit(payload, 300, points, errors).Should().Be(1);

        points.Should().ContainSingle().Which.Measurement.Should().Be("m");
        errors.Should().ContainSingle().Which.LineNumber.Should().Be(2);
    }

    [Test]
    public void ParseWithLineLimit_WithTheTopicShaping_PutsTheTopicIdentityFirstAndTimesTheLinesWithout()
    {
        // A line's own tenant or host tag is replaced by the topic's (a publisher writes only its own series); line 2 is
        // too long and line 4 malformed: the shaped points of the other lines are kept.
        var payload = Encoding.UTF8.GetBytes($"cpu,host=other,cpu=cpu0,tenant=t2 v=1 1\n{Long('b')}\ncpu,cpu=cpu0 v=2\nd v= 4\nmem v=3i 3");
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        MetricsPayloadReader.ParseWithLineLimit(payload, 300, MetricsPayloadReader.Shaping("mairie", "srv1", 99), points, errors).Should().Be(1);

        points.Select(p => $"{p.Measurement} {string.Join(",", p.Tags.Select(t => $"{t.Key}={t.Value}"))} {p.Timestamp}").Should().Equal(
            "cpu tenant=mairie,host=srv1,cpu=cpu0 1",
            "cpu tenant=mairie,host=srv1,cpu=cpu0 99",
            "mem tenant=mairie,host=srv1 3");
        errors.Select(e => e.LineNumber).Should().Equal(2, 4);
    }

    [Test]
    public void ParseWithLineLimit_WithTheTopicShaping_RefusesTimestampsOutside1678To2261_AndKeepsTheOtherLines()
    {
        // Inside int64 nanoseconds, and so read by the parser alone, but stored points there could not be read back (their
        // 5-minute buckets and steps overflow): lines 1 and 3 are refused, the good line 2 kept.
        var payload = Encoding.UTF8.GetBytes("cpu v=1 -9223372036854775806\ncpu v=2 1764460800000000000\ncpu v=3 9223372036854775807\n");
        var points = new List<LinePoint>();
        var errors = new List<LineProtocolError>();

        MetricsPayloadReader.ParseWithLineLimit(payload, 300, MetricsPayloadReader.Shaping("mairie", "srv1", 99), points, errors);

        points.Should().ContainSingle().Which.Timestamp.Should().Be(1764460800000000000);
        errors.Select(e => e.ToString()).Should().Equal(
            "line 1, column 9: timestamp \"-9223372036854775806\" (1677-09-21T00:12:43.145224194Z) is outside the range kept, 1678-01-01T00:00:00.000000000Z to 2261-12-31T23:59:59.999999999Z",
            "line 3, column 9: timestamp \"9223372036854775807\" (2262-04-11T23:47:16.854775807Z) is outside the range kept, 1678-01-01T00:00:00.000000000Z to 2261-12-31T23:59:59.999999999Z");
    }

    private static string Long(char measurement) => measurement + " v=" + new string('9', 297);
}
