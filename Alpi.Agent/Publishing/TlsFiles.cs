using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Alpi.Agent.Publishing;

/// <summary>
/// The PEM files (RFC 7468) of MQTT over TLS, read as Mosquitto reads its <c>cafile</c>, <c>certfile</c> and
/// <c>keyfile</c>: a private CA to trust instead of the system roots, and a certificate with its private key (a client
/// certificate for an agent, the server certificate of the collector's embedded broker). Shared by the agent and the
/// collector.
/// </summary>
public static class TlsFiles
{
    /// <summary>Reads the PEM certificates of <paramref name="path"/> (one CA or a bundle).</summary>
    /// <returns>True with the certificates; false with the reason (missing or unreadable file, no PEM certificate).</returns>
    public static bool TryReadCaFile(string path, [NotNullWhen(true)] out X509Certificate2Collection? certificates, [NotNullWhen(false)] out string? problem)
    {
        certificates = null;
        problem = null;
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            problem = e.Message;
            return false;
        }

        if (collection.Count == 0)
        {
            problem = "no PEM certificate (-----BEGIN CERTIFICATE-----) in the file.";
            return false;
        }

        certificates = collection;
        return true;
    }

    /// <summary>
    /// Loads the first certificate of <paramref name="certificateFile"/> with the private key of <paramref name="keyFile"/>
    /// (unencrypted PKCS #8, PKCS #1 or SEC 1 PEM), ready for <see cref="SslStream"/> on every platform.
    /// </summary>
    /// <returns>True with the certificate (the caller disposes it); false with the reason (unreadable file, no certificate, a key that does not match).</returns>
    public static bool TryLoadCertificate(string certificateFile, string keyFile, [NotNullWhen(true)] out X509Certificate2? certificate, [NotNullWhen(false)] out string? problem)
    {
        certificate = null;
        problem = null;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // A PEM key is ephemeral; SChannel (Windows) needs it persisted, which a PKCS #12 round trip does.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>
    /// A TLS server certificate check that trusts <paramref name="authorities"/> alone (custom root trust: the system roots
    /// are not consulted) and still requires the name check of the TLS stack (RFC 6125): the certificate must name the host
    /// and chain to one of the authorities, through the intermediates the server sent.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate? presented, X509Chain? presentedChain, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            // Intermediates the server sent with its certificate.
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (presented is X509Certificate2 certificate)
        {
            return chain.Build(certificate);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(loaded);
    }
}
