using Microsoft.Extensions.Options;

namespace Alpi.HotspotController;

/// <summary>Checks the <c>Hotspot</c> section at start and names each wrong key with its value.</summary>
public sealed class HotspotOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Hotspot:DataDirectory must not be empty.");
        }

        if (!System.Net.IPAddress.TryParse(options.Radius.BindAddress, out _))
        {
            failures.Add($"Hotspot:Radius:BindAddress '{options.Radius.BindAddress}' is not an IP address.");
        }

        failures.AddRange(Nas.ConfiguredNasClients.Failures(options.Radius.Clients));
        CheckPort("Hotspot:Radius:AuthPort", options.Radius.AuthPort);
        CheckPort("Hotspot:Radius:AcctPort", options.Radius.AcctPort);
        if (options.Radius.AuthPort == options.Radius.AcctPort && options.Radius.AuthPort != 0)
        {
            failures.Add($"Hotspot:Radius:AuthPort and AcctPort are both {options.Radius.AuthPort}; they must differ.");
        }

        if (!Uri.TryCreate(options.Portal.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"Hotspot:Portal:Url '{options.Portal.Url}' is not an http:// or https:// URL.");
        }

        if (options.Devices.ValidityDays < 1)
        {
            failures.Add($"Hotspot:Devices:ValidityDays is {options.Devices.ValidityDays}; it must be at least 1.");
        }

        if (options.Devices.MaxDevicesPerAccount < 1)
        {
            failures.Add($"Hotspot:Devices:MaxDevicesPerAccount is {options.Devices.MaxDevicesPerAccount}; it must be at least 1.");
        }

        if (options.LegalLog.RetentionDays < 1)
        {
            failures.Add($"Hotspot:LegalLog:RetentionDays is {options.LegalLog.RetentionDays}; it must be at least 1 (the law asks for 365).");
        }

        if (options.LegalLog.AccountInactivityDays < 1)
        {
            failures.Add($"Hotspot:LegalLog:AccountInactivityDays is {options.LegalLog.AccountInactivityDays}; it must be at least 1.");
        }

        if (options.LegalLog.AuditRetentionDays is < 30 or > 3650)
        {
            failures.Add($"Hotspot:LegalLog:AuditRetentionDays is {options.LegalLog.AuditRetentionDays}; it must be 30 to 3650 days.");
        }

        if (options.LegalLog.OpenSessionGraceIntervals is < 1 or > 100)
        {
            failures.Add($"Hotspot:LegalLog:OpenSessionGraceIntervals is {options.LegalLog.OpenSessionGraceIntervals}; it must be 1 to 100 Acct-Interim-Intervals.");
        }

        var retention = TimeSpan.FromDays(Math.Max(1, options.LegalLog.RetentionDays));
        CheckTrusted("Hotspot:Accounting:MaxDelayTime", options.Accounting.MaxDelayTime);
        CheckTrusted("Hotspot:Accounting:MaxSessionTime", options.Accounting.MaxSessionTime);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        // A reported time trusted up to the retention could date a fresh session old enough for the purge.
        void CheckTrusted(string key, TimeSpan value)
        {
            if (value <= TimeSpan.Zero || value >= retention)
            {
                failures.Add($"{key} is {value}; it must be positive and shorter than Hotspot:LegalLog:RetentionDays ({options.LegalLog.RetentionDays} days).");
            }
        }

        void CheckPort(string key, int port)
        {
            if (port is < 0 or > 65535)
            {
                failures.Add($"{key} is {port}; it must be 0 to 65535.");
            }
        }
    }
}
