using System.Text.RegularExpressions;
using Alpi.Collector.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alpi.Collector.Relational;

/// <summary>
/// Checks <c>Collector:State</c> and <c>Collector:Cluster</c> at start and reports every problem at once, each naming its
/// key, never the password.
/// </summary>
internal sealed partial class StateOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = CollectorOptions.SectionName;
        var state = options.State;
        var failures = new List<string>();
        if (state.IsSqlite)
        {
            if (!string.IsNullOrWhiteSpace(state.ConnectionString))
            {
                failures.Add($"{s}:State:ConnectionString is only used with {s}:State:Provider=postgresql; the SQLite files are <{s}:DataDirectory>/state.db and alerts.db.");
            }
        }
        else if (state.IsPostgreSql)
        {
            if (string.IsNullOrWhiteSpace(state.ConnectionString))
            {
                failures.Add($"{s}:State:ConnectionString is required with {s}:State:Provider=postgresql (e.g. Host=db.example;Database=alpi;Username=alpi_collector;Password=…).");
            }
            else if (ParseProblem(state.ConnectionString) is { } problem)
            {
                failures.Add($"{s}:State:ConnectionString " + problem);
            }
        }
        else
        {
            failures.Add($"{s}:State:Provider '{state.Provider}' is not one of sqlite, postgresql.");
        }

        if (state.Schema is null || !SchemaName().IsMatch(state.Schema) || state.Schema.StartsWith("pg_", StringComparison.Ordinal) || state.Schema == "public")
        {
            failures.Add($"{s}:State:Schema '{state.Schema}' must be lower-case letters, digits and _, start with a letter, at most 63 characters, and be neither public nor pg_…: the collector's tables have a schema of their own.");
        }

        var cluster = options.Cluster;
        if (cluster.Enabled)
        {
            if (!state.IsPostgreSql)
            {
                failures.Add($"{s}:Cluster:Enabled needs {s}:State:Provider=postgresql: the collectors of a cluster share their state and Quartz.NET's job store in one PostgreSQL database.");
            }

            var kind = options.Storage.Kind?.Trim().ToLowerInvariant();
            if (kind is not (StorageOptions.KindInfluxDb1 or StorageOptions.KindInfluxDb2))
            {
                failures.Add($"{s}:Cluster:Enabled needs a time-series store the collectors share ({s}:Storage:Kind influxdb1 or influxdb2, not '{options.Storage.Kind}'): the collector that runs an evaluation tick reads every collector's points.");
            }
        }

        CheckRange(failures, $"{s}:Cluster:CheckinInterval", cluster.CheckinInterval);
        CheckRange(failures, $"{s}:Cluster:CheckinMisfireThreshold", cluster.CheckinMisfireThreshold);
        if (cluster.InstanceId is { } id && !InstanceIdPattern().IsMatch(id))
        {
            failures.Add($"{s}:Cluster:InstanceId '{id}' must be 1 to 100 letters, digits, '.', '-' or '_'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{key} {value} must be from 00:00:01 to 00:10:00.");
        }
    }

    private static string? ParseProblem(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // Npgsql names the keyword or the value's type, not a password value.
            return "is not a valid Npgsql connection string: " + e.Message;
        }

        return string.IsNullOrWhiteSpace(builder.Host) ? "names no Host." : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();
}
