using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alpi.Agent.Publishing;
using Microsoft.Extensions.Configuration;

namespace Alpi.Collector;

/// <summary>
/// The certificate of the collector's HTTPS listener (<c>Collector:Http:Url=https://…</c>), given with Kestrel's standard
/// settings (ASP.NET Core, "Configure endpoints for the ASP.NET Core Kestrel web server"): <c>Kestrel:Certificates:Default:Path</c>
/// with <c>KeyPath</c> (PEM certificate and unencrypted key) or with <c>Password</c> (PKCS #12, <c>.pfx</c>). Checked at start
/// so that a missing or unreadable file is reported with its key rather than as Kestrel's search for a development
/// certificate. Relative paths are read from the binaries' folder (Kestrel's content root): give absolute paths.
/// </summary>
public static class HttpsCertificate
{
    private const string Default = "Kestrel:Certificates:Default";

    /// <summary>The problems of the HTTPS settings; empty for an http:// URL or a certificate that loads.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var url = configuration[$"{CollectorOptions.SectionName}:Http:Url"] ?? new CollectorHttpOptions().Url;
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            // Plain HTTP, or endpoints Kestrel configures itself (and checks) from its own section.
            return [];
        }

        var path = configuration[$"{Default}:Path"];
        if (string.IsNullOrEmpty(path))
        {
            return [$"{CollectorOptions.SectionName}:Http:Url \"{url}\" is https but no certificate is set: give {Default}:Path and {Default}:KeyPath (PEM files) or {Default}:Path and {Default}:Password (PKCS #12)."];
        }

        // Kestrel reads relative paths from the content root, the binaries' folder (CollectorApplication); so do we.
        path = Path.Combine(AppContext.BaseDirectory, path);
        var keyPath = configuration[$"{Default}:KeyPath"] is { } key ? Path.Combine(AppContext.BaseDirectory, key) : null;
        if (keyPath is not null)
        {
            if (TlsFiles.TryLoadCertificate(path, keyPath, out var certificate, out var problem))
            {
                certificate.Dispose();
                return [];
            }

            return [$"{Default}:Path \"{path}\" with {Default}:KeyPath \"{keyPath}\": {problem}"];
        }

        try
        {
            using var pkcs12 = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{Default}:Password"]);
            return pkcs12.HasPrivateKey ? [] : [$"{Default}:Path \"{path}\": the PKCS #12 file has no private key (or give {Default}:KeyPath for a PEM key)."];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // The message names the file's problem, never the password.
            return [$"{Default}:Path \"{path}\": {e.Message} (a PEM certificate needs {Default}:KeyPath; a PKCS #12 file its {Default}:Password)"];
        }
    }
}
