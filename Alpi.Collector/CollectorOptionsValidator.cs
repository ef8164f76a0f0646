using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Options;

namespace Alpi.Collector;

/// <summary>Checks <see cref="CollectorOptions"/> at start and reports every problem at once, naming the configuration key.</summary>
internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        const string s = CollectorOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{s}:DataDirectory must be set.");
        }

        if (!string.IsNullOrWhiteSpace(options.Dashboard.MapTilesUrl))
        {
            var tiles = options.Dashboard.MapTilesUrl;
            if (options.Dashboard.MapTilesOrigin is null || !tiles.Contains("{z}", StringComparison.Ordinal) || !tiles.Contains("{x}", StringComparison.Ordinal) || !tiles.Contains("{y}", StringComparison.Ordinal)
                || tiles.IndexOfAny([' ', '\'', '"', ';', ',']) >= 0)
            {
                errors.Add($"{s}:Dashboard:MapTilesUrl \"{tiles}\" must be an absolute http(s) URL template with {{z}}, {{x}} and {{y}}, such as https://tiles.example.org/{{z}}/{{x}}/{{y}}.png (leave it empty for a map without tiles).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Broker.Host))
        {
            errors.Add($"{s}:Broker:Host must be set.");
        }

        if (options.Broker.Port is < 1 or > 65535)
        {
            errors.Add($"{s}:Broker:Port {options.Broker.Port} must be between 1 and 65535.");
        }

        if (options.Broker.SharedSubscriptionGroup is { } group && !AlpiTopic.IsValidLevel(group))
        {
            errors.Add($"{s}:Broker:SharedSubscriptionGroup \"{group}\" must be one topic level without '/', '+', '#'.");
        }

        if (options.Broker.ClientId is { } clientId && string.IsNullOrWhiteSpace(clientId))
        {
            errors.Add($"{s}:Broker:ClientId must not be blank (leave it unset for alpi-collector-<machine>).");
        }

        if (options.Broker.SessionExpiry < TimeSpan.Zero || options.Broker.SessionExpiry > TimeSpan.FromSeconds(uint.MaxValue))
        {
            errors.Add($"{s}:Broker:SessionExpiry {options.Broker.SessionExpiry} must be between 00:00:00 and {TimeSpan.FromSeconds(uint.MaxValue)}.");
        }

        if (options.Broker.UseTls && options.Broker.Embedded)
        {
            errors.Add($"{s}:Broker:UseTls needs an external broker ({s}:Broker:Embedded=false): the collector's own clients reach the embedded broker on its plain loopback listener (its TLS listener is {s}:Broker:TlsPort).");
        }

        if (options.Broker.CaFile is { } caFile)
        {
            if (!options.Broker.UseTls)
            {
                errors.Add($"{s}:Broker:CaFile is set but {s}:Broker:UseTls is false.");
            }

            if (!Broker.CollectorMqttClientOptions.TryReadCaFile(caFile, out _, out var problem))
            {
                errors.Add($"{s}:Broker:CaFile \"{caFile}\": {problem}");
            }
        }

        if (options.Broker.MaxPayloadBytes < 1024)
        {
            errors.Add($"{s}:Broker:MaxPayloadBytes {options.Broker.MaxPayloadBytes} must be at least 1024.");
        }

        if (!Uri.TryCreate(options.Http.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"{s}:Http:Url \"{options.Http.Url}\" must be an absolute http:// or https:// URL.");
        }

        if (options.Http.MaxRequestBodyBytes < 1024)
        {
            errors.Add($"{s}:Http:MaxRequestBodyBytes {options.Http.MaxRequestBodyBytes} must be at least 1024.");
        }

        if (options.Http.MaxSmallRequestBodyBytes < 1024 || options.Http.MaxSmallRequestBodyBytes > options.Http.MaxRequestBodyBytes)
        {
            errors.Add($"{s}:Http:MaxSmallRequestBodyBytes {options.Http.MaxSmallRequestBodyBytes} must be at least 1024 and at most {s}:Http:MaxRequestBodyBytes ({options.Http.MaxRequestBodyBytes}).");
        }

        if (options.Ingest.MaxBatchPoints < 1)
        {
            errors.Add($"{s}:Ingest:MaxBatchPoints {options.Ingest.MaxBatchPoints} must be at least 1.");
        }

        if (options.Ingest.QueueCapacity < 1)
        {
            errors.Add($"{s}:Ingest:QueueCapacity {options.Ingest.QueueCapacity} must be at least 1.");
        }

        if (options.Ingest.MaxLineBytes < 256)
        {
            errors.Add($"{s}:Ingest:MaxLineBytes {options.Ingest.MaxLineBytes} must be at least 256.");
        }

        if (options.Ingest.MaxSeriesPerHost < 1)
        {
            errors.Add($"{s}:Ingest:MaxSeriesPerHost {options.Ingest.MaxSeriesPerHost} must be at least 1.");
        }

        if (options.Ingest.JournalMaxUnstoredPoints < 1)
        {
            errors.Add($"{s}:Ingest:JournalMaxUnstoredPoints {options.Ingest.JournalMaxUnstoredPoints} must be at least 1.");
        }

        if (options.Ingest.JournalSegmentBytes is < 4096 or > int.MaxValue)
        {
            errors.Add($"{s}:Ingest:JournalSegmentBytes {options.Ingest.JournalSegmentBytes} must be between 4096 and {int.MaxValue}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
