using System.Text;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing.Hostile;
using CsCheck;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>
/// Hostile input for the line-protocol parser (<see cref="LineProtocolParser.Parse(ReadOnlySpan{byte}, TimestampPrecision, ICollection{LinePoint}, ICollection{LineProtocolError})"/>,
/// documented to never throw on malformed input and to give one <see cref="LineProtocolError"/> per bad line): random
/// text and bytes, real agent payloads mutated, lines of extreme shape, then parse → write → parse round trips.
/// Fixed PCG states: every run tries the same inputs.
/// </summary>
[TestFixture]
public sealed class LineProtocolParserProperties
{
    private const string Specials = " ,=\\\"\n\r\t#iu.-+eE0123456789TtFf\u00e9\u0000\ud83d\ude00\ufeff";

    private static readonly IReadOnlyList<string> Seeds =
    [
        File.ReadAllText(Fixture("linux-this-host")),
        File.ReadAllText(Fixture("rpi4-arm")),
        "cpu,cpu=cpu-total,host=srv01 usage_idle=97.5,usage_user=1.25 1556813561098000000\n",
        "weather,location=us-midwest,season=summer temperature=82,humidity=71.5i,raining=false,note=\"hot \\\"and\\\" humid\" 1465839830100400200\r\n",
        "# a comment\n\n  \tmem total=25276026880i,available_percent=97.5733381084298\n",
        "my\\ measurement,tag\\ key=tag\\,value,k\\=x=v\\ w field\\ key=\"string \\\\ value\",u=18446744073709551615u,i=-9223372036854775808i -1\n",
        "snmp_if,agent_host=192.0.2.1,ifDescr=GigabitEthernet0/1 ifHCInOctets=123456789012u,ifOperStatus=1i,ifAlias=\"uplink \\\"core\\\"\"\n",
        "温度,場所=東京\\ 😀 値=\"tab\there\",ok=T,no=FALSE,e=1.5e-3,z=-0.0 0\n",
    ];

    [Test]
    public void Parse_RandomBytes_GivesPointsAndOneErrorPerBadLine()
    {
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 400],
            Gen.Char[Specials].Array[0, 200].Select(c => Encoding.UTF8.GetBytes(new string(c))),
            Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[0, 40].Select(c => new string(c)).Array[1, 12].Select(words => Encoding.UTF8.GetBytes(string.Join(' ', words))));

        PropertyRun.Check(gen, state: 0x1F_0001, count: 20_000, ParsesWithoutThrowing, PropertyRun.Hex);
    }

    [Test]
    public void Parse_MutatedAgentPayloads_GivesPointsAndOneErrorPerBadLine()
    {
        PropertyRun.Check(TextMutation.From(Seeds, Specials), state: 0x1F_0002, count: 30_000,
            text => ParsesWithoutThrowing(Encoding.UTF8.GetBytes(text)), text => text);
    }

    [Test]
    public void Parse_LinesOfExtremeShape_ReturnWithoutBlowingUp()
    {
        PropertyRun.Check(Bombs.LineProtocol, state: 0x1F_0003, count: 150,
            text => ParsesWithoutThrowing(Encoding.UTF8.GetBytes(text)), text => $"{text.Length} characters: {text[..Math.Min(120, text.Length)]}…");
    }

    [Test]
    public void WriteOfParse_MutatedPayloads_ParsesBackToTheSamePoints()
    {
        PropertyRun.Check(TextMutation.From(Seeds, Specials, maxMutations: 3), state: 0x1F_0004, count: 30_000, text =>
        {
            var first = LineProtocolParser.Parse(text);
            foreach (var point in first.Points)
            {
                var written = LineProtocolWriter.Format([point]);
                var again = LineProtocolParser.Parse(written);
                again.Errors.Should().BeEmpty($"the writer's line {written} parses");
                again.Points.Should().ContainSingle();
                Describe(again.Points[0]).Should().Be(Describe(point), $"written as {written}");
            }
        }, text => text);
    }

    /// <summary>The parser's contract on any payload: no exception, every point has a field, errors in line order with a reason.</summary>
    internal static void ParsesWithoutThrowing(byte[] payload)
    {
        foreach (var precision in (TimestampPrecision[])[TimestampPrecision.Nanoseconds, TimestampPrecision.Seconds])
        {
            var points = new List<LinePoint>();
            var errors = new List<LineProtocolError>();
            var added = LineProtocolParser.Parse(payload, precision, points, errors);

            added.Should().Be(points.Count);
            var lines = payload.Count(b => b == (byte)'\n') + 1;
            (points.Count + errors.Count).Should().BeLessThanOrEqualTo(lines);
            points.All(p => p.Fields.Count > 0 && p.Measurement.Length > 0).Should().BeTrue("every point has a measurement and a field");
            errors.All(e => e.LineNumber >= 1 && e.LineNumber <= lines && e.Column >= 1 && e.Reason.Length > 0).Should().BeTrue("every error names its line, column and reason");
            errors.Select(e => e.LineNumber).Should().BeInAscendingOrder();
        }
    }

    private static string Describe(LinePoint point) =>
        $"{point.Measurement}|{string.Join(",", point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Where(t => t.Key.Length > 0 && t.Value.Length > 0).Select(t => $"{t.Key}={t.Value}"))}"
        + $"|{string.Join(",", point.Fields.Select(f => $"{f.Key}={f.Value.Kind}:{f.Value}"))}|{point.Timestamp}";

    private static string Fixture(string name)
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "tests", "Alpi.Agent.Tests")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? ".", "tests", "Alpi.Agent.Tests", "Fixtures", name, "expected.txt");
    }
}
