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

    private static string Long(char measurement) => measurement + " v=" + new string('9', 297);
}
