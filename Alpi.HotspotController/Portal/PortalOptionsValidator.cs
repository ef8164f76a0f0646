using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>Checks the <c>Hotspot:Portal</c> section at start and names each wrong key with its value.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var portal = options.Portal;
        var failures = new List<string>();
        if (portal.PublicUrl.Length > 0
            && (!Uri.TryCreate(portal.PublicUrl, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https")
                || publicUrl.AbsolutePath != "/" || publicUrl.Query.Length > 0))
        {
            failures.Add($"Hotspot:Portal:PublicUrl '{portal.PublicUrl}' is not an http:// or https:// origin such as https://portail.example.");
        }

        if (portal.LogonTokenLifetime < TimeSpan.FromSeconds(10) || portal.LogonTokenLifetime > TimeSpan.FromMinutes(30))
        {
            failures.Add($"Hotspot:Portal:LogonTokenLifetime is {portal.LogonTokenLifetime}; it must be 00:00:10 to 00:30:00.");
        }

        if (portal.FormLifetime < TimeSpan.FromMinutes(1) || portal.FormLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"Hotspot:Portal:FormLifetime is {portal.FormLifetime}; it must be 00:01:00 to 1.00:00:00.");
        }

        if (portal.AccountSessionLifetime < TimeSpan.FromMinutes(1) || portal.AccountSessionLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"Hotspot:Portal:AccountSessionLifetime is {portal.AccountSessionLifetime}; it must be 00:01:00 to 1.00:00:00.");
        }

        if (portal.RateLimit.PermitsPerIp < 1)
        {
            failures.Add($"Hotspot:Portal:RateLimit:PermitsPerIp is {portal.RateLimit.PermitsPerIp}; it must be at least 1.");
        }

        if (portal.RateLimit.PermitsPerMac < 1)
        {
            failures.Add($"Hotspot:Portal:RateLimit:PermitsPerMac is {portal.RateLimit.PermitsPerMac}; it must be at least 1.");
        }

        if (portal.RateLimit.Window < TimeSpan.FromSeconds(1) || portal.RateLimit.Window > TimeSpan.FromDays(1))
        {
            failures.Add($"Hotspot:Portal:RateLimit:Window is {portal.RateLimit.Window}; it must be 00:00:01 to 1.00:00:00.");
        }

        if (!portal.ServesOnlyThisMachine)
        {
            foreach (var key in portal.Privacy.MissingKeys())
            {
                failures.Add($"Hotspot:Portal:Privacy:{key} is empty or a placeholder: the terms of use and the RGPD art. 13 notice must name the operator "
                    + "(ControllerName: its legal name; ControllerAddress: its postal address; DpoContact: the data-protection officer's e-mail or postal address) "
                    + "before the portal serves terminals (Hotspot:Portal:Url not on loopback, or PublicUrl or UamSecret set).");
            }
        }

        var smtp = portal.Smtp;
        if (smtp.Enabled)
        {
            if (smtp.Port is < 1 or > 65535)
            {
                failures.Add($"Hotspot:Portal:Smtp:Port is {smtp.Port}; it must be 1 to 65535.");
            }

            if (smtp.Security is not ("StartTls" or "SslOnConnect" or "None"))
            {
                failures.Add($"Hotspot:Portal:Smtp:Security '{smtp.Security}' is not StartTls, SslOnConnect or None.");
            }

            if (!MimeKit.MailboxAddress.TryParse(smtp.From, out _))
            {
                failures.Add($"Hotspot:Portal:Smtp:From '{smtp.From}' is not an e-mail address such as Cigale Wi-Fi <no-reply@example.org>.");
            }

            if (smtp.LinkLifetime < TimeSpan.FromMinutes(10) || smtp.LinkLifetime > TimeSpan.FromDays(30))
            {
                failures.Add($"Hotspot:Portal:Smtp:LinkLifetime is {smtp.LinkLifetime}; it must be 00:10:00 to 30.00:00:00.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
