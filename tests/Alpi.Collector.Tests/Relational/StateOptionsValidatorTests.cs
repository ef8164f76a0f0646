using Alpi.Collector.Relational;

namespace Alpi.Collector.Tests.Relational;

public class StateOptionsValidatorTests
{
    private readonly StateOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeeds()
    {
        _validator.Validate(null, new CollectorOptions()).Succeeded.Should().BeTrue("SQLite files, no cluster");
    }

    [Test]
    public void Validate_AClusterOnPostgreSqlAndInfluxDb_Succeeds()
    {
        var options = new CollectorOptions();
        options.State.Provider = "PostgreSQL";
        options.State.ConnectionString = "Host=db.example;Database=alpi;Username=alpi_collector;Password=secret";
        options.Storage.Kind = "influxdb1";
        options.Cluster.Enabled = true;
        options.Cluster.InstanceId = "collector-1.site_a";

        _validator.Validate(null, options).Succeeded.Should().BeTrue();
    }

    // Each case: one setting made wrong on top of a valid PostgreSQL cluster, and the key its single failure names.
    // An unknown provider.
    [TestCase("State:Provider", "mysql", "Collector:State:Provider")]
    // No connection string, an unreadable one, one without a host.
    [TestCase("State:ConnectionString", "", "Collector:State:ConnectionString")]
    [TestCase("State:ConnectionString", "Host=db;NoSuchKeyword=1", "Collector:State:ConnectionString")]
    [TestCase("State:ConnectionString", "Database=alpi", "Collector:State:ConnectionString")]
    // Schemas that are not one lower-case identifier of the collector's own.
    [TestCase("State:Schema", "Alpi", "Collector:State:Schema")]
    [TestCase("State:Schema", "alpi; DROP TABLE x", "Collector:State:Schema")]
    [TestCase("State:Schema", "public", "Collector:State:Schema")]
    [TestCase("State:Schema", "pg_alpi", "Collector:State:Schema")]
    // A cluster on the embedded time-series store, which each collector keeps to itself.
    [TestCase("Storage:Kind", "duckdb", "Collector:Cluster:Enabled")]
    // Check-in settings out of range, both ends.
    [TestCase("Cluster:CheckinInterval", "00:00:00.500", "Collector:Cluster:CheckinInterval")]
    [TestCase("Cluster:CheckinMisfireThreshold", "00:10:01", "Collector:Cluster:CheckinMisfireThreshold")]
    // An instance id Quartz cannot store as such.
    [TestCase("Cluster:InstanceId", "collector 1", "Collector:Cluster:InstanceId")]
    public void Validate_OneBadSetting_FailsNamingItsKey(string key, string value, string reported)
    {
        var options = ValidCluster();
        switch (key)
        {
            case "State:Provider": options.State.Provider = value; break;
            case "State:ConnectionString": options.State.ConnectionString = value; break;
            case "State:Schema": options.State.Schema = value; break;
            case "Storage:Kind": options.Storage.Kind = value; break;
            case "Cluster:CheckinInterval": options.Cluster.CheckinInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Cluster:CheckinMisfireThreshold": options.Cluster.CheckinMisfireThreshold = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Cluster:InstanceId": options.Cluster.InstanceId = value; break;
            default: Assert.Fail(key); break;
        }

        var result = _validator.Validate(null, options);

        // An unknown provider also leaves the cluster without PostgreSQL: both are said.
        result.Failures.Should().Contain(f => f.StartsWith(reported + " ", StringComparison.Ordinal));
        result.Failures.Should().HaveCount(key == "State:Provider" ? 2 : 1);
    }

    [Test]
    public void Validate_AConnectionStringWithSqlite_IsRefused_AndTheMessageNeverHoldsThePassword()
    {
        var options = new CollectorOptions();
        options.State.ConnectionString = "Host=db;Password=s3cret-pass";
        options.Cluster.Enabled = true;

        var failures = _validator.Validate(null, options).Failures;

        failures.Should().HaveCount(3).And.OnlyContain(f => !f.Contains("s3cret-pass", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("Collector:State:ConnectionString is only used with", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("Collector:Cluster:Enabled needs Collector:State:Provider=postgresql", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("Collector:Cluster:Enabled needs a time-series store", StringComparison.Ordinal));
    }

    private static CollectorOptions ValidCluster()
    {
        var options = new CollectorOptions();
        options.State.Provider = "postgresql";
        options.State.ConnectionString = "Host=db.example;Database=alpi;Username=alpi_collector;Password=secret";
        options.Storage.Kind = "influxdb2";
        options.Cluster.Enabled = true;
        return options;
    }
}
