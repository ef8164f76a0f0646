using System.Net;
using Alpi.Agent.Publishing;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Broker;

/// <summary>
/// Checks the embedded broker's security settings at start (<c>Collector:Broker:Authentication:*</c>, <c>TlsPort</c>,
/// <c>TlsHost</c>, <c>CertificateFile</c>, <c>KeyFile</c>): every problem at once, with its key. The password and ACL files
/// must be readable; their lines are checked when read (an unusable line is logged and counted, not fatal).
/// </summary>
internal sealed class EmbeddedBrokerOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        const string s = CollectorOptions.SectionName + ":Broker";
        var broker = options.Broker;
        var errors = new List<string>();
        var authentication = broker.Authentication;
        if (authentication.Enabled && !broker.Embedded)
        {
            errors.Add($"{s}:Authentication:Enabled concerns the embedded broker ({s}:Embedded=true); an external broker authenticates its clients itself.");
        }

        CheckReadable(authentication.PasswordFile, $"{s}:Authentication:PasswordFile", authentication.Enabled, errors);
        CheckReadable(authentication.AclFile, $"{s}:Authentication:AclFile", authentication.Enabled, errors);

        if (broker.TlsPort is { } tlsPort)
        {
            if (!broker.Embedded)
            {
                errors.Add($"{s}:TlsPort is the embedded broker's TLS listener and needs {s}:Embedded=true (for an external broker: {s}:UseTls).");
            }

            if (tlsPort is < 1 or > 65535)
            {
                errors.Add($"{s}:TlsPort {tlsPort} must be between 1 and 65535.");
            }
            else if (tlsPort == broker.Port && (broker.TlsHost ?? broker.Host) == broker.Host)
            {
                errors.Add($"{s}:TlsPort {tlsPort} is also {s}:Port on the same address.");
            }

            if (broker.TlsHost is { } tlsHost && !IPAddress.TryParse(tlsHost, out _) && tlsHost != "localhost")
            {
                errors.Add($"{s}:TlsHost \"{tlsHost}\" must be an IP address (0.0.0.0 for every IPv4 interface).");
            }

            if (broker.CertificateFile is null || broker.KeyFile is null)
            {
                errors.Add($"{s}:TlsPort needs {s}:CertificateFile and {s}:KeyFile (PEM).");
            }
            else if (!TlsFiles.TryLoadCertificate(broker.CertificateFile, broker.KeyFile, out var certificate, out var problem))
            {
                errors.Add($"{s}:CertificateFile \"{broker.CertificateFile}\" with {s}:KeyFile \"{broker.KeyFile}\": {problem}");
            }
            else
            {
                certificate.Dispose();
            }
        }
        else if (broker.CertificateFile is not null || broker.KeyFile is not null || broker.TlsHost is not null)
        {
            errors.Add($"{s}:CertificateFile, {s}:KeyFile and {s}:TlsHost are used only with {s}:TlsPort, which is not set.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckReadable(string? path, string key, bool enabled, List<string> errors)
    {
        if (path is null)
        {
            return;
        }

        if (!enabled)
        {
            errors.Add($"{key} is set but {CollectorOptions.SectionName}:Broker:Authentication:Enabled is false: nothing would be checked.");
        }

        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"{key} \"{path}\": {e.Message}");
        }
    }
}
