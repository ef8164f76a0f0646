using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;

namespace Alpi.Collector.Tests.Storage.Influx;

public class InfluxQlTests
{
    private const long T0 = 1_700_000_000_000_000_000L;

    // Each case: a name or value as given, and as an InfluxQL string literal.
    [TestCase("cpu0", "'cpu0'")]
    // A quote would end the literal: escaped.
    [TestCase("x' OR 'a'='a", @"'x\' OR \'a\'=\'a'")]
    // A backslash would escape the closing quote: escaped first.
    [TestCase(@"x\", @"'x\\'")]
    [TestCase(@"x\' OR 1=1", @"'x\\\' OR 1=1'")]
    // The InfluxQL scanner refuses a raw newline inside a quoted token.
    [TestCase("a\nb", @"'a\nb'")]
    [TestCase("say \"hi\"", "'say \\\"hi\\\"'")]
    public void StringLiteral_EscapesQuotesBackslashesAndNewlines(string value, string expected) =>
        InfluxQl.StringLiteral(value).Should().Be(expected);

    [TestCase("usage", "\"usage\"")]
    [TestCase("we\"ird", "\"we\\\"ird\"")]
    [TestCase(@"back\slash", "\"back\\\\slash\"")]
    public void Identifier_IsDoubleQuotedAndEscaped(string name, string expected) =>
        InfluxQl.Identifier(name).Should().Be(expected);

    [Test]
    public void Select_Average_GroupsByStepAndEveryTagWithFilters()
    {
        var query = new SeriesQuery("cpu", "usage_user", "srv1", "acme", new Dictionary<string, string> { ["cpu"] = "cpu-total" }, T0, T0 + 60_000_000_000, 10_000_000_000, Aggregation.Avg);

        InfluxQl.Select(null, query).Should().Be(
            "SELECT mean(\"usage_user\") FROM \"cpu\" WHERE time >= 1700000000000000000 AND time < 1700000060000000000"
            + " AND \"cpu\" = 'cpu-total' AND \"host\" = 'srv1' AND \"tenant\" = 'acme' GROUP BY time(10000000000ns), * fill(none)");
    }

    // Each case: the aggregation and the InfluxQL function; a rate reads last values from one step earlier.
    [TestCase(Aggregation.Min, "min", T0)]
    [TestCase(Aggregation.Max, "max", T0)]
    [TestCase(Aggregation.Last, "last", T0)]
    [TestCase(Aggregation.Rate, "last", T0 - 10_000_000_000)]
    public void Select_Aggregation_UsesItsFunction(Aggregation aggregation, string function, long from)
    {
        var query = new SeriesQuery("net", "bytes_recv", null, null, new Dictionary<string, string>(), T0, T0 + 60_000_000_000, 10_000_000_000, aggregation);

        InfluxQl.Select("raw_30d", query).Should().Be(
            $"SELECT {function}(\"bytes_recv\") FROM \"raw_30d\".\"net\" WHERE time >= {from} AND time < 1700000060000000000 GROUP BY time(10000000000ns), * fill(none)");
    }

    [Test]
    public void Select_OneNanosecondStep_ReadsRawPoints()
    {
        var query = new SeriesQuery("cpu", "usage", "srv1", null, new Dictionary<string, string>(), T0, T0 + 1000, 1, Aggregation.Last);

        InfluxQl.Select(null, query).Should().Be(
            "SELECT \"usage\" FROM \"cpu\" WHERE time >= 1700000000000000000 AND time < 1700000000000001000 AND \"host\" = 'srv1' GROUP BY *");
    }

    [Test]
    public void Select_SeveralFields_OneColumnEachInTheGivenOrder()
    {
        var query = new SeriesQuery("cpu", "ignored", "srv1", null, new Dictionary<string, string>(), T0, T0 + 60_000_000_000, 10_000_000_000, Aggregation.Avg);

        InfluxQl.Select(null, query, ["usage_user", "usage_system", "we\"ird"]).Should().Be(
            "SELECT mean(\"usage_user\"), mean(\"usage_system\"), mean(\"we\\\"ird\") FROM \"cpu\" WHERE time >= 1700000000000000000 AND time < 1700000060000000000"
            + " AND \"host\" = 'srv1' GROUP BY time(10000000000ns), * fill(none)");
        InfluxQl.Select(null, query with { StepNs = 1 }, ["a", "b"]).Should().StartWith("SELECT \"a\", \"b\" FROM \"cpu\" WHERE ");
    }

    // Field lists a statement cannot be built from: none, an empty field, a field twice.
    private static readonly TestCaseData[] BadFieldLists =
        [new((object)Array.Empty<string>()), new((object)new[] { "a", "" }), new((object)new[] { "a", "b", "a" })];

    [TestCaseSource(nameof(BadFieldLists))]
    public void Select_EmptyOrRepeatedField_Throws(string[] fields)
    {
        var query = new SeriesQuery("cpu", "a", null, null, new Dictionary<string, string>(), T0, T0 + 60_000_000_000, 10_000_000_000, Aggregation.Avg);

        var build = () => InfluxQl.Select(null, query, fields);

        build.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Select_HostileTagKeyAndValue_StayInsideTheirQuotes()
    {
        var query = new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string> { ["k\" = 'x' OR \"k"] = "v' OR ''='" }, T0, T0 + 1000, 1000, Aggregation.Avg);

        InfluxQl.Select(null, query).Should().Contain(" AND \"k\\\" = \\'x\\' OR \\\"k\" = 'v\\' OR \\'\\'=\\'' GROUP BY");
    }

    [Test]
    public void LastOfEverySeries_ListsEveryFieldOfEverySeries() =>
        InfluxQl.LastOfEverySeries("autogen", "cpu").Should().Be("SELECT last(*) FROM \"autogen\".\"cpu\" GROUP BY *");

    // Each case: an InfluxDB 1.6.7 400 error body (captured from influxd) and the points it refused.
    [TestCase("partial write: field type conflict: input field \"usage\" on measurement \"cpu\" is type string, already exists as type float dropped=1", 1)]
    [TestCase("partial write: unable to parse 'cpu,tenant=a,host=h usage=': missing field value dropped=0", 1)]
    [TestCase("partial write: unable to parse 'a b=': missing field value\nunable to parse 'c d=': missing field value dropped=0", 2)]
    [TestCase("partial write: points beyond retention policy dropped=7", 7)]
    public void RefusedPoints_CountsDroppedAndUnparsableLines(string error, long expected) =>
        InfluxDb1TimeSeriesStore.RefusedPoints(error).Should().Be(expected);
}
