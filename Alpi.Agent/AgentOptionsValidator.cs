using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Options;

namespace Alpi.Agent;

/// <summary>Checks <see cref="AgentOptions"/> at start and reports every problem at once, naming the configuration key.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <summary>Smallest <see cref="AgentBufferOptions.MaxMiB"/>: 1 KiB.</summary>
    internal const double MinBufferMiB = 1.0 / 1024;

    /// <summary>Largest <see cref="AgentBufferOptions.MaxMiB"/>: 1 TiB.</summary>
    internal const double MaxBufferMiB = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        const string s = AgentOptions.SectionName;
        if (!AlpiTopic.IsValidLevel(options.Tenant))
        {
            errors.Add($"{s}:Tenant \"{options.Tenant}\" must be non-empty and contain no '/', '+', '#'.");
        }

        if (!AlpiTopic.IsValidLevel(options.Host))
        {
            errors.Add($"{s}:Host \"{options.Host}\" must be non-empty and contain no '/', '+', '#'.");
        }

        if (!string.IsNullOrEmpty(options.Site) && !IsValidSite(options.Site))
        {
            errors.Add($"{s}:Site \"{options.Site}\" must be at most {AgentOptions.MaxSiteLength} letters, digits, spaces, '-', '_', '.' or apostrophes, beginning and ending with a letter or a digit (or be left empty for no site).");
        }

        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{s}:Interval {options.Interval} must be at least 00:00:01.");
        }

        if (string.IsNullOrWhiteSpace(options.Broker.Host))
        {
            errors.Add($"{s}:Broker:Host must be set.");
        }

        if (options.Broker.Port is < 1 or > 65535)
        {
            errors.Add($"{s}:Broker:Port {options.Broker.Port} must be between 1 and 65535.");
        }

        if (options.Broker.MaxReconnectDelay < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{s}:Broker:MaxReconnectDelay must be at least 00:00:01.");
        }

        ValidateTls(options.Broker, errors);

        if (options.QueueLimit < 1)
        {
            errors.Add($"{s}:QueueLimit {options.QueueLimit} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory) || options.DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{s}:DataDirectory \"{options.DataDirectory}\" must be a folder path.");
        }

        if (!Enum.IsDefined(options.Buffer.Kind))
        {
            errors.Add($"{s}:Buffer:Kind {options.Buffer.Kind} must be Disk, DiskWhenAway or Memory.");
        }

        if (options.Buffer.Directory is { } directory && directory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{s}:Buffer:Directory \"{directory}\" must be a folder path, or be left empty for <DataDirectory>/agent-buffer.");
        }

        if (!(options.Buffer.MaxMiB is >= MinBufferMiB and <= MaxBufferMiB))
        {
            errors.Add($"{s}:Buffer:MaxMiB {options.Buffer.MaxMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be between {MinBufferMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)} (1 KiB) and {MaxBufferMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)} (1 TiB).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>True when <paramref name="site"/> is a short label as <see cref="AgentOptions.Site"/> describes.</summary>
    internal static bool IsValidSite(string site)
    {
        if (site.Length > AgentOptions.MaxSiteLength || !char.IsLetterOrDigit(site[0]) || !char.IsLetterOrDigit(site[^1]))
        {
            return false;
        }

        foreach (var c in site)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '-' or '_' or '.' or '\'' or '\u2019'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateTls(AgentBrokerOptions broker, List<string> errors)
    {
        const string s = AgentOptions.SectionName + ":Broker";
        if (broker.CaFile is { } caFile)
        {
            if (!broker.UseTls)
            {
                errors.Add($"{s}:CaFile is set but {s}:UseTls is false.");
            }

            if (!Publishing.TlsFiles.TryReadCaFile(caFile, out var authorities, out var problem))
            {
                errors.Add($"{s}:CaFile \"{caFile}\": {problem}");
            }
            else
            {
                foreach (var authority in authorities)
                {
                    authority.Dispose();
                }
            }
        }

        if (broker.CertificateFile is null && broker.KeyFile is null)
        {
            return;
        }

        if (!broker.UseTls)
        {
            errors.Add($"{s}:CertificateFile and {s}:KeyFile need {s}:UseTls=true.");
        }

        if (broker.CertificateFile is null || broker.KeyFile is null)
        {
            errors.Add($"{s}:CertificateFile and {s}:KeyFile must be set together.");
        }
        else if (!Publishing.TlsFiles.TryLoadCertificate(broker.CertificateFile, broker.KeyFile, out var certificate, out var problem))
        {
            errors.Add($"{s}:CertificateFile \"{broker.CertificateFile}\" with {s}:KeyFile \"{broker.KeyFile}\": {problem}");
        }
        else
        {
            certificate.Dispose();
        }
    }
}
