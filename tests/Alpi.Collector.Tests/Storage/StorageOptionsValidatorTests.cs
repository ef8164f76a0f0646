using Alpi.Collector.Storage;

namespace Alpi.Collector.Tests.Storage;

public class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator _validator = new();

    // Each case: a kind that is accepted; kinds are case-insensitive.
    [TestCase("duckdb")]
    [TestCase("InfluxDB1")]
    public void Validate_DefaultsOfAKind_Succeed(string kind) =>
        _validator.Validate(null, new CollectorOptions { Storage = new StorageOptions { Kind = kind } }).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_UnknownKind_NamesTheKeyAndTheChoices() =>
        _validator.Validate(null, new CollectorOptions { Storage = new StorageOptions { Kind = "influx" } }).Failures.Should()
            .Equal("Collector:Storage:Kind \"influx\" must be duckdb, influxdb1 or influxdb2.");

    [Test]
    public void Validate_InfluxDb1_EveryProblemIsReportedAtOnceWithItsKey()
    {
        var storage = new StorageOptions { Kind = "influxdb1" };
        storage.InfluxDb1.Url = "127.0.0.1:8086";
        storage.InfluxDb1.Database = "";
        storage.InfluxDb1.RetentionPolicy = " ";
        storage.InfluxDb1.Username = "alpi";
        storage.InfluxDb1.Timeout = TimeSpan.Zero;
        storage.InfluxDb1.BatchSize = 0;
        storage.InfluxDb1.MaxAttempts = 0;
        storage.InfluxDb1.RetryDelay = TimeSpan.FromSeconds(20);

        var result = _validator.Validate(null, new CollectorOptions { Storage = storage });

        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:Url "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:Timeout "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:BatchSize "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:MaxAttempts "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:RetryDelay "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:Database "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:RetentionPolicy "),
            f => f.Should().StartWith("Collector:Storage:InfluxDb1:Username and Collector:Storage:InfluxDb1:Password must be set together"));
    }

    // Each case: a number of DuckDB reader connections out of 1..64.
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(65)]
    public void Validate_DuckDbReadersOutOfRange_NamesTheKey(int readers)
    {
        var options = new CollectorOptions();
        options.Storage.DuckDb.Readers = readers;

        _validator.Validate(null, options).Failures.Should()
            .Equal($"Collector:Storage:DuckDb:Readers {readers} must be between 1 and 64 (DuckDB connections kept for reads).");
    }

    [Test]
    public void Validate_InfluxDb2WithoutOrgBucketToken_NamesEachKey() =>
        _validator.Validate(null, new CollectorOptions { Storage = new StorageOptions { Kind = "influxdb2" } }).Failures.Should().Equal(
            "Collector:Storage:InfluxDb2:Org must be set.",
            "Collector:Storage:InfluxDb2:Bucket must be set.",
            "Collector:Storage:InfluxDb2:Token must be set.");
}
