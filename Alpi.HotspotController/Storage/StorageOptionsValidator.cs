using Microsoft.Extensions.Options;
using Npgsql;

namespace Alpi.HotspotController.Storage;

/// <summary>Checks <c>Hotspot:Storage</c> at start; each problem names its key, never the password.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = options.Storage;
        var failures = new List<string>();
        if (storage.IsSqlite)
        {
            if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                failures.Add("Hotspot:Storage:ConnectionString is only used with Hotspot:Storage:Provider=postgresql; the SQLite file is <Hotspot:DataDirectory>/hotspot.db.");
            }
        }
        else if (storage.IsPostgreSql)
        {
            if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                failures.Add("Hotspot:Storage:ConnectionString is required with Hotspot:Storage:Provider=postgresql (e.g. Host=db.example;Database=alpi_hotspot;Username=alpi;Password=…).");
            }
            else if (ParseProblem(storage.ConnectionString) is { } problem)
            {
                failures.Add("Hotspot:Storage:ConnectionString " + problem);
            }
        }
        else
        {
            failures.Add($"Hotspot:Storage:Provider '{storage.Provider}' is not one of sqlite, postgresql.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
}
