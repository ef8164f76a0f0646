using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Telemetry;

/// <summary>Checks <c>Hotspot:Telemetry</c> at start, beside <see cref="HotspotOptionsValidator"/>, naming each wrong key with its value.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var telemetry = options.Telemetry;
        if (telemetry is null || !telemetry.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!AlpiTopic.IsValidLevel(telemetry.Tenant))
        {
            failures.Add($"Hotspot:Telemetry:Tenant '{telemetry.Tenant}' is not a valid MQTT topic level (empty, or contains '/', '+', '#' or NUL).");
        }

        if (!AlpiTopic.IsValidLevel(telemetry.Host))
        {
            failures.Add($"Hotspot:Telemetry:Host '{telemetry.Host}' is not a valid MQTT topic level (empty, or contains '/', '+', '#' or NUL).");
        }

        if (telemetry.Interval < TimeSpan.FromSeconds(1) || telemetry.Interval > TimeSpan.FromHours(1))
        {
            failures.Add($"Hotspot:Telemetry:Interval is {telemetry.Interval}; it must be 00:00:01 to 01:00:00.");
        }

        if (telemetry.QueueLimit is < 1 or > 10_000_000)
        {
            failures.Add($"Hotspot:Telemetry:QueueLimit is {telemetry.QueueLimit}; it must be 1 to 10000000.");
        }

        var broker = telemetry.Broker ?? new TelemetryBrokerOptions();
        if (string.IsNullOrWhiteSpace(broker.Host))
        {
            failures.Add("Hotspot:Telemetry:Broker:Host must not be empty.");
        }

        if (broker.Port is < 1 or > 65535)
        {
            failures.Add($"Hotspot:Telemetry:Broker:Port is {broker.Port}; it must be 1 to 65535.");
        }

        if (broker.Password is not null && broker.Username is null)
        {
            failures.Add("Hotspot:Telemetry:Broker:Password is set without Hotspot:Telemetry:Broker:Username.");
        }

        if (broker.ClientId is { } clientId && (clientId.Length == 0 || clientId.Length > 65535))
        {
            failures.Add("Hotspot:Telemetry:Broker:ClientId must not be empty (leave it out for the default).");
        }

        if (broker.MaxReconnectDelay < TimeSpan.FromSeconds(1) || broker.MaxReconnectDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"Hotspot:Telemetry:Broker:MaxReconnectDelay is {broker.MaxReconnectDelay}; it must be 00:00:01 to 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
