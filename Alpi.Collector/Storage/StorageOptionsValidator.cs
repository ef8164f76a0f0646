using Microsoft.Extensions.Options;

namespace Alpi.Collector.Storage;

/// <summary>
/// Checks <c>Collector:Storage</c> at start and reports every problem at once, naming the configuration key; only
/// the settings of the chosen <see cref="StorageOptions.Kind"/> are checked.
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        const string s = CollectorOptions.SectionName + ":Storage";
        var storage = options.Storage;
        var errors = new List<string>();
        switch (storage.Kind?.ToLowerInvariant())
        {
            case StorageOptions.KindDuckDb:
                ValidateDuckDb(storage.DuckDb, s + ":DuckDb", errors);
                break;
            case StorageOptions.KindInfluxDb1:
                ValidateCommon(storage.InfluxDb1, s + ":InfluxDb1", errors);
                if (string.IsNullOrWhiteSpace(storage.InfluxDb1.Database))
                {
                    errors.Add($"{s}:InfluxDb1:Database must be set.");
                }

                if (storage.InfluxDb1.RetentionPolicy is { } rp && string.IsNullOrWhiteSpace(rp))
                {
                    errors.Add($"{s}:InfluxDb1:RetentionPolicy must not be blank: leave it out for the database's default policy.");
                }

                if (string.IsNullOrWhiteSpace(storage.InfluxDb1.RollupRetentionPolicy) || storage.InfluxDb1.RollupRetentionPolicy == storage.InfluxDb1.RetentionPolicy)
                {
                    errors.Add($"{s}:InfluxDb1:RollupRetentionPolicy \"{storage.InfluxDb1.RollupRetentionPolicy}\" must be set and differ from {s}:InfluxDb1:RetentionPolicy.");
                }

                if (string.IsNullOrEmpty(storage.InfluxDb1.Username) != string.IsNullOrEmpty(storage.InfluxDb1.Password))
                {
                    errors.Add($"{s}:InfluxDb1:Username and {s}:InfluxDb1:Password must be set together (HTTP basic authentication).");
                }

                break;
            case StorageOptions.KindInfluxDb2:
                ValidateCommon(storage.InfluxDb2, s + ":InfluxDb2", errors);
                foreach (var (key, value) in new[] { ("Org", storage.InfluxDb2.Org), ("Bucket", storage.InfluxDb2.Bucket), ("Token", storage.InfluxDb2.Token) })
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        errors.Add($"{s}:InfluxDb2:{key} must be set.");
                    }
                }

                if (storage.InfluxDb2.RollupBucket is { } rollup && (string.IsNullOrWhiteSpace(rollup) || rollup == storage.InfluxDb2.Bucket))
                {
                    errors.Add($"{s}:InfluxDb2:RollupBucket \"{rollup}\" must not be blank nor the same as {s}:InfluxDb2:Bucket: leave it out for <Bucket>_rollup_5m.");
                }

                break;
            default:
                errors.Add($"{s}:Kind \"{storage.Kind}\" must be {StorageOptions.KindDuckDb}, {StorageOptions.KindInfluxDb1} or {StorageOptions.KindInfluxDb2}.");
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateDuckDb(DuckDb.DuckDbOptions o, string prefix, List<string> errors)
    {
        if (o.Readers is < 1 or > DuckDb.DuckDbOptions.MaximumReaders)
        {
            errors.Add($"{prefix}:Readers {o.Readers} must be between 1 and {DuckDb.DuckDbOptions.MaximumReaders} (DuckDB connections kept for reads).");
        }

        if (o.MemoryLimit is null)
        {
            return;
        }

        try
        {
            if (o.MemoryLimitBytes() < DuckDb.DuckDbOptions.MinimumMemoryLimitBytes)
            {
                errors.Add($"{prefix}:MemoryLimit \"{o.MemoryLimit}\" must be at least 64MiB.");
            }
        }
        catch (FormatException e)
        {
            errors.Add($"{prefix}:MemoryLimit {e.Message}");
        }
    }

    private static void ValidateCommon(InfluxWriteOptions o, string prefix, List<string> errors)
    {
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"{prefix}:Url \"{o.Url}\" must be an absolute http:// or https:// URL.");
        }

        if (o.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:Timeout {o.Timeout} must be positive.");
        }

        if (o.BatchSize < 1)
        {
            errors.Add($"{prefix}:BatchSize {o.BatchSize} must be at least 1.");
        }

        if (o.MaxAttempts < 1)
        {
            errors.Add($"{prefix}:MaxAttempts {o.MaxAttempts} must be at least 1.");
        }

        if (o.RetryDelay < TimeSpan.Zero || o.MaxRetryDelay < o.RetryDelay)
        {
            errors.Add($"{prefix}:RetryDelay {o.RetryDelay} must be at least 0 and at most {prefix}:MaxRetryDelay {o.MaxRetryDelay}.");
        }
    }
}
