using Alpi.Collector.Storage.Influx;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>The annotated CSV of InfluxDB 2.x Flux answers (examples shaped as the InfluxDB 2.x "Annotated CSV" page shows them).</summary>
public class FluxCsvTests
{
    [Test]
    public void Parse_TwoTablesWithDifferentSchemas_TypesEachColumnByItsAnnotation()
    {
        const string text = "#datatype,string,long,dateTime:RFC3339,double,string,string\r\n"
            + "#group,false,false,false,false,true,true\r\n"
            + "#default,_result,,,,,\r\n"
            + ",result,table,_time,_value,_field,host\r\n"
            + ",,0,2027-01-15T07:59:50.123456789Z,1.5,usage,\"srv,1\"\r\n"
            + ",,0,2027-01-15T07:59:51Z,+Inf,usage,\"say \"\"hi\"\"\"\r\n"
            + "\r\n"
            + "#datatype,string,long,dateTime:RFC3339,long,string\r\n"
            + "#group,false,false,false,false,true\r\n"
            + "#default,_result,,,,\r\n"
            + ",result,table,_time,_value,_field\r\n"
            + ",,1,2027-01-15T07:00:00Z,42,watermark\r\n"
            + "\r\n";

        var records = FluxCsv.Parse(text);

        records.Should().HaveCount(3);
        records[0].Time.Should().Be(1_799_999_990_123_456_789L);
        records[0].Value.Should().Be(1.5);
        records[0].Values["host"].Should().Be("srv,1");
        records[0].Values["result"].Should().Be("_result", "an empty cell takes the #default value");
        records[1].Value.Should().Be(double.PositiveInfinity);
        records[1].Values["host"].Should().Be("say \"hi\"");
        records[2].Value.Should().Be(42L);
        records[2].Field.Should().Be("watermark");
    }

    [Test]
    public void Parse_TablesWithoutAnnotations_ReadEachHeaderAsColumnNames()
    {
        const string text = ",result,table,_value,host\n,_result,0,1,a\n\n,result,table,_value,tenant\n,_result,1,2,b\n";

        var records = FluxCsv.Parse(text);

        records.Select(r => (r.Value, r.Values.Keys.Last())).Should().Equal(("1", "host"), ("2", "tenant"));
    }

    [Test]
    public void Parse_EmptyAnswer_HasNoRecords() => FluxCsv.Parse("").Should().BeEmpty();

    [Test]
    public void Parse_ErrorTable_Throws()
    {
        const string text = "#datatype,string,string\n#group,true,true\n#default,,\n,error,reference\n,\"failed to execute query: bucket not found\",897\n\n";

        var parse = () => FluxCsv.Parse(text);

        parse.Should().Throw<InfluxDbException>().WithMessage("*bucket not found*");
    }

    [Test]
    public void Parse_CellNotOfItsColumnsType_ThrowsNamingTheColumn()
    {
        const string text = "#datatype,string,long,double\n#group,false,false,false\n#default,_result,,\n,result,table,_value\n,,0,abc\n";

        var parse = () => FluxCsv.Parse(text);

        parse.Should().Throw<InfluxDbException>().WithMessage("*\"abc\"*double*_value*");
    }

    // Each case: an RFC 3339 time as InfluxDB writes it, and nanoseconds since the epoch.
    [TestCase("1970-01-01T00:00:00Z", 0L)]
    [TestCase("2027-01-15T08:00:00Z", 1_800_000_000_000_000_000L)]
    [TestCase("2027-01-15T08:00:00.5Z", 1_800_000_000_500_000_000L)]
    [TestCase("2027-01-15T08:00:00.000000001Z", 1_800_000_000_000_000_001L)]
    public void ParseTime_KeepsNanoseconds(string text, long ns) => FluxCsv.ParseTime(text).Should().Be(ns);
}
