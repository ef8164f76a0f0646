using Alpi.Collector.Api;
using Alpi.Collector.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Alpi.Collector.Tests.Api;

public class QueryRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    private static QueryCollection Query(params (string Key, string Value)[] parameters)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal) { ["measurement"] = "cpu", ["field"] = "usage_user" };
        foreach (var (key, value) in parameters)
        {
            values[key] = value;
        }

        return new QueryCollection(values);
    }

    private static SeriesQuery Parsed(params (string Key, string Value)[] parameters)
    {
        var query = QueryRequest.TryParse(Query(parameters), Now, out var error);
        error.Should().BeNull();
        return query!;
    }

    [Test]
    public void TryParse_OnlyMeasurementAndField_DefaultsToLastHourAvgAndTwelveSecondSteps()
    {
        var query = Parsed();

        query.Measurement.Should().Be("cpu");
        query.Field.Should().Be("usage_user");
        query.Host.Should().BeNull();
        query.Tenant.Should().BeNull();
        query.TagFilters.Should().BeEmpty();
        query.ToNs.Should().Be(QueryRequest.ToNs(Now));
        query.FromNs.Should().Be(QueryRequest.ToNs(Now.AddHours(-1)));
        query.StepNs.Should().Be(12_000_000_000L, "3600 s over 300 steps");
        query.Aggregation.Should().Be(Aggregation.Avg);
    }

    [Test]
    public void TryParse_OnlyTo_TakesTheHourBeforeIt()
    {
        var query = Parsed(("to", "2026-01-01T12:00:00Z"));

        query.FromNs.Should().Be(QueryRequest.ToNs(new DateTimeOffset(2026, 1, 1, 11, 0, 0, TimeSpan.Zero)));
        query.ToNs.Should().Be(QueryRequest.ToNs(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    // Each case: range in seconds, and the default step in seconds (range/300 rounded up, at least 1 s).
    // A minute: 0.2 s would be too fine, so the 1 s floor applies.
    [TestCase(60, 1)]
    // Exactly 300 s: one second a step.
    [TestCase(300, 1)]
    // 301 s: rounded up to 2 s.
    [TestCase(301, 2)]
    // A day: 288 s.
    [TestCase(86_400, 288)]
    // A week: 2016 s.
    [TestCase(604_800, 2016)]
    public void TryParse_NoStep_DefaultsToRangeOver300AtLeastOneSecond(int rangeSeconds, int expectedStepSeconds)
    {
        var query = Parsed(("from", Now.AddSeconds(-rangeSeconds).ToString("O")), ("to", Now.ToString("O")));

        query.StepNs.Should().Be(expectedStepSeconds * 1_000_000_000L);
    }

    [Test]
    public void TryParse_FromAndToWithOffsets_AreConvertedToUtc()
    {
        var query = Parsed(("from", "2026-11-29T15:00:00+02:00"), ("to", "2026-11-29T14:00:00Z"));

        query.FromNs.Should().Be(QueryRequest.ToNs(new DateTimeOffset(2026, 11, 29, 13, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void TryParse_TimesWithoutOffset_AreTakenAsUtc()
    {
        var query = Parsed(("from", "2026-11-29T13:00:00"), ("to", "2026-11-29T14:00:00"));

        query.FromNs.Should().Be(QueryRequest.ToNs(Now.AddHours(-1)));
        query.ToNs.Should().Be(QueryRequest.ToNs(Now));
    }

    [Test]
    public void TryParse_HostTenantAndTagFilters_AreCarriedOver()
    {
        var query = Parsed(("host", "srv1"), ("tenant", "acme"), ("tag.cpu", "cpu-total"), ("tag.device", "sda"), ("tag.", "ignored"));

        query.Host.Should().Be("srv1");
        query.Tenant.Should().Be("acme");
        query.TagFilters.Should().BeEquivalentTo(new Dictionary<string, string> { ["cpu"] = "cpu-total", ["device"] = "sda" });
    }

    [Test]
    public void TryParse_EmptyHostAndTenant_MeanEveryHostAndTenant()
    {
        var query = Parsed(("host", ""), ("tenant", ""));

        query.Host.Should().BeNull();
        query.Tenant.Should().BeNull();
    }

    // Each case: the agg parameter and the aggregation it selects; names are case-insensitive.
    [TestCase("avg", Aggregation.Avg)]
    [TestCase("min", Aggregation.Min)]
    [TestCase("max", Aggregation.Max)]
    [TestCase("last", Aggregation.Last)]
    [TestCase("rate", Aggregation.Rate)]
    [TestCase("MAX", Aggregation.Max)]
    [TestCase("Rate", Aggregation.Rate)]
    public void TryParse_Agg_SelectsAggregation(string agg, Aggregation expected)
    {
        Parsed(("agg", agg)).Aggregation.Should().Be(expected);
    }

    // Each case: the step parameter and its width in nanoseconds.
    [TestCase("500ms", 500_000_000L)]
    [TestCase("10s", 10_000_000_000L)]
    [TestCase("5m", 300_000_000_000L)]
    [TestCase("1h", 3_600_000_000_000L)]
    [TestCase("1d", 86_400_000_000_000L)]
    public void TryParse_Step_IsConvertedToNanoseconds(string step, long expectedNs)
    {
        var query = Parsed(("from", Now.AddHours(-2).ToString("O")), ("to", Now.ToString("O")), ("step", step));

        query.StepNs.Should().Be(expectedNs);
    }

    // Each case: the parameters (key=value pairs separated by '&', on top of measurement and field) and the parameter the error names.
    // measurement missing or empty.
    [TestCase("measurement=", "measurement")]
    // field missing or empty.
    [TestCase("field=", "field")]
    // from and to that are not dates.
    [TestCase("from=yesterday", "from")]
    [TestCase("to=now", "to")]
    [TestCase("to=2026-13-01T00:00:00Z", "to")]
    // from equal to or after to.
    [TestCase("from=2026-11-29T14:00:00Z&to=2026-11-29T14:00:00Z", "from")]
    [TestCase("from=2026-11-29T15:00:00Z&to=2026-11-29T14:00:00Z", "from")]
    // Dates outside what nanoseconds since 1970 in 64 bits can hold (1677-09-21 to 2262-04-11), with a step large enough to pass the step check.
    [TestCase("from=1000-01-01T00:00:00Z&step=1000000d", "from")]
    [TestCase("to=2300-01-01T00:00:00Z&from=2026-01-01T00:00:00Z&step=10000d", "to")]
    // Steps without a unit, with an unknown unit, zero, negative, fractional, upper-case unit, unit only.
    [TestCase("step=10", "step")]
    [TestCase("step=10w", "step")]
    [TestCase("step=0s", "step")]
    [TestCase("step=-1s", "step")]
    [TestCase("step=1.5s", "step")]
    [TestCase("step=10S", "step")]
    [TestCase("step=s", "step")]
    [TestCase("step=10 s", "step")]
    // Too many steps: an hour at 100 ms is 36,000 steps.
    [TestCase("step=100ms", "step")]
    // Wider than 100 years: 200,000 days in nanoseconds is beyond 2^63.
    [TestCase("step=200000d", "step")]
    [TestCase("step=36501d", "step")]
    // A year at 1 s.
    [TestCase("from=2025-11-29T14:00:00Z&to=2026-11-29T14:00:00Z&step=1s", "step")]
    // Unknown aggregations.
    [TestCase("agg=median", "agg")]
    [TestCase("agg=average", "agg")]
    // Numeric values that Enum.TryParse would take as enum members.
    [TestCase("agg=1", "agg")]
    [TestCase("agg=0", "agg")]
    [TestCase("agg=4", "agg")]
    [TestCase("agg=99", "agg")]
    [TestCase("agg= 1", "agg")]
    // Lists that Enum.TryParse would combine as flags (avg|min = min, min|max = last).
    [TestCase("agg=avg,min", "agg")]
    [TestCase("agg=min,max", "agg")]
    [TestCase("agg=1,2", "agg")]
    public void TryParse_BadParameter_ErrorNamesIt(string parameters, string expectedParameter)
    {
        var pairs = parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        var query = QueryRequest.TryParse(Query(pairs), Now, out var error);

        query.Should().BeNull();
        error.Should().NotBeNull();
        error!.Parameter.Should().Be(expectedParameter);
        error.Error.Should().Contain(expectedParameter);
    }

    // Each case: parameters with from or to inside what 64-bit nanoseconds hold but outside what ingest stores
    // (1678-01-01 to 2261-12-31, MetricsPayloadReader's bounds), and the parameter named.
    [TestCase("from=1677-12-31T23:59:59Z&to=1678-06-01T00:00:00Z&step=1d", "from")]
    [TestCase("from=1677-09-22T00:00:00Z&to=1678-06-01T00:00:00Z&step=1d", "from")]
    [TestCase("from=2261-06-01T00:00:00Z&to=2262-01-01T00:00:00.0000001Z&step=1d", "to")]
    [TestCase("from=2261-06-01T00:00:00Z&to=2262-04-10T00:00:00Z&step=1d", "to")]
    public void TryParse_FromOrToOutsideTheStoredRange_ErrorNamesItAndTheRange(string parameters, string expectedParameter)
    {
        var pairs = parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        var query = QueryRequest.TryParse(Query(pairs), Now, out var error);

        query.Should().BeNull();
        error!.Parameter.Should().Be(expectedParameter);
        error.Error.Should().Contain("1678-01-01").And.Contain("2261-12-31");
    }

    // Each case: from and to both wrong, and both named (the error used to name to alone).
    // Both outside the stored range.
    [TestCase("from=1600-01-01T00:00:00Z&to=2300-01-01T00:00:00Z&step=36500d")]
    // Both inside what 64-bit nanoseconds hold, both outside what ingest stores.
    [TestCase("from=1677-12-31T00:00:00Z&to=2262-01-02T00:00:00Z&step=36500d")]
    // One not a date, the other outside the range.
    [TestCase("from=yesterday&to=2300-01-01T00:00:00Z")]
    [TestCase("from=1600-01-01T00:00:00Z&to=tomorrow")]
    public void TryParse_FromAndToBothWrong_ErrorNamesBoth(string parameters)
    {
        var pairs = parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        var query = QueryRequest.TryParse(Query(pairs), Now, out var error);

        query.Should().BeNull();
        error!.Parameter.Should().Be("from, to");
        error.Error.Should().StartWith($"from \"{pairs[0].Item2}\"").And.Contain($"; to \"{pairs[1].Item2}\"");
    }

    [Test]
    public void TryParse_ToOutsideTheRangeWithoutFrom_NamesToAlone()
    {
        // The default from is not the caller's: only to is named.
        QueryRequest.TryParse(Query(("to", "2300-01-01T00:00:00Z")), Now, out var error).Should().BeNull();

        error!.Parameter.Should().Be("to");
    }

    [Test]
    public void TryParse_ToWithinAnHourOfTheEarliestInstantWithoutFrom_StartsAtTheEarliestInstant()
    {
        // The default from (an hour before to) would be 1677-12-31T23:30Z: the earliest storable instant instead.
        var request = QueryRequest.TryParse(Query(("to", "1678-01-01T00:30:00Z")), Now, out var error);

        error.Should().BeNull();
        request!.FromNs.Should().Be(Alpi.Collector.Ingest.MetricsPayloadReader.EarliestTimestampNs);
    }

    // The edges themselves are taken: the first and the last instant ingest stores.
    [TestCase("from=1678-01-01T00:00:00Z&to=1678-06-01T00:00:00Z&step=1d")]
    [TestCase("from=2261-06-01T00:00:00Z&to=2262-01-01T00:00:00Z&step=1d")]
    public void TryParse_FromAndToAtTheEdgesOfTheStoredRange_AreTaken(string parameters)
    {
        var pairs = parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        QueryRequest.TryParse(Query(pairs), Now, out var error).Should().NotBeNull();
        error.Should().BeNull();
    }

    [Test]
    public void TryParse_FieldRepeated_GivesEveryFieldInOrder_AndTheFirstAsTheQuerysField()
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["measurement"] = "cpu",
            ["field"] = new(["usage_user", "usage_system", "usage_iowait"]),
        };

        var query = QueryRequest.TryParse(new QueryCollection(values), Now, out var fields, out var error);

        error.Should().BeNull();
        fields.Should().Equal("usage_user", "usage_system", "usage_iowait");
        query!.Field.Should().Be("usage_user");
    }

    // Each case: the values of the repeated field, and what the error must say (the field at fault, or the limit).
    [TestCase(new[] { "usage_user", "" }, "field number 2 of 2 is empty")]
    [TestCase(new[] { "", "usage_user" }, "field number 1 of 2 is empty")]
    [TestCase(new[] { "usage_user", "usage_system", "usage_user" }, "field \"usage_user\" is given twice")]
    // A field key is case-sensitive: these two are different fields, then one of them again.
    [TestCase(new[] { "Load", "load", "load" }, "field \"load\" is given twice")]
    public void TryParse_BadFieldInTheList_ErrorNamesIt(string[] fieldValues, string expected)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal) { ["measurement"] = "cpu", ["field"] = new(fieldValues) };

        var query = QueryRequest.TryParse(new QueryCollection(values), Now, out var fields, out var error);

        query.Should().BeNull();
        fields.Should().BeEmpty();
        error!.Parameter.Should().Be("field");
        error.Error.Should().Be(expected);
    }

    [Test]
    public void TryParse_MaxFields_IsAccepted_AndOneMore_IsRefused()
    {
        var most = Enumerable.Range(0, QueryRequest.MaxFields).Select(i => $"f{i}").ToArray();
        string[] tooMany = [.. most, "one_more"];

        QueryRequest.TryParse(new QueryCollection(new Dictionary<string, StringValues> { ["measurement"] = "m", ["field"] = new(most) }), Now, out var fields, out var error)
            .Should().NotBeNull();
        fields.Should().HaveCount(QueryRequest.MaxFields);
        error.Should().BeNull();
        QueryRequest.TryParse(new QueryCollection(new Dictionary<string, StringValues> { ["measurement"] = "m", ["field"] = new(tooMany) }), Now, out _, out error)
            .Should().BeNull();
        error!.Parameter.Should().Be("field");
        error.Error.Should().Be($"field is given 17 times; at most {QueryRequest.MaxFields} fields in one query");
    }

    [Test]
    public void TryParse_NoMeasurementAtAll_ErrorNamesMeasurement()
    {
        var query = QueryRequest.TryParse(new QueryCollection(), Now, out var error);

        query.Should().BeNull();
        error!.Parameter.Should().Be("measurement");
    }

    [Test]
    public void TryParse_ExactlyMaxSteps_IsAccepted()
    {
        var query = Parsed(("from", Now.AddSeconds(-QueryRequest.MaxSteps).ToString("O")), ("to", Now.ToString("O")), ("step", "1s"));

        query.StepNs.Should().Be(1_000_000_000L);
    }

    // Each case: a duration text and its value in milliseconds.
    [TestCase("500ms", 500L)]
    [TestCase("1ms", 1L)]
    [TestCase("10s", 10_000L)]
    [TestCase("5m", 300_000L)]
    [TestCase("1h", 3_600_000L)]
    [TestCase("1d", 86_400_000L)]
    [TestCase("90s", 90_000L)]
    // Leading zeros are digits like any other.
    [TestCase("010s", 10_000L)]
    public void TryParseDuration_NumberAndUnit_ReturnsDuration(string text, long expectedMs)
    {
        QueryRequest.TryParseDuration(text, out var duration).Should().BeTrue();

        duration.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    // Empty, number without unit, unit without number.
    [TestCase("")]
    [TestCase("10")]
    [TestCase("ms")]
    // Signs, decimals and white space are not part of the syntax.
    [TestCase("+10s")]
    [TestCase("-10s")]
    [TestCase("1.5h")]
    [TestCase(" 10s")]
    [TestCase("10s ")]
    // Units the API does not know (weeks, microseconds) or in upper case.
    [TestCase("1w")]
    [TestCase("1us")]
    [TestCase("1H")]
    // Numbers too large for a TimeSpan, and above the 10^9 cap.
    [TestCase("99999999999999999999d")]
    [TestCase("1000000001ms")]
    [TestCase("1000000000d")]
    public void TryParseDuration_Malformed_ReturnsFalse(string text)
    {
        QueryRequest.TryParseDuration(text, out _).Should().BeFalse();
    }

    [Test]
    public void ToNsAndFromNs_RoundTripToTheTick()
    {
        var time = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero).AddTicks(1234567);

        QueryRequest.FromNs(QueryRequest.ToNs(time)).Should().Be(time);
        QueryRequest.ToNs(DateTimeOffset.UnixEpoch).Should().Be(0);
    }

    // Each: a step, and what the answer says about it.
    [TestCase("0s", "must be longer than zero")]
    [TestCase("99999999999d", "is longer than the largest step, 36500d")]
    [TestCase("36501d", "is longer than the largest step, 36500d")]
    [TestCase("10w", "is not a duration such as 10s")]
    [TestCase("-1s", "is not a duration such as 10s")]
    public void TryParse_BadStep_SaysWhatIsWrongWithIt(string step, string expected)
    {
        QueryRequest.TryParse(Query(("step", step)), Now, out var error).Should().BeNull();

        error!.Error.Should().Contain(expected);
        error.Parameter.Should().Be("step");
    }
}
