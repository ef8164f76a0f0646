using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// A private certificate authority with a server certificate for 127.0.0.1 and localhost and client certificates, made
/// with .NET's <see cref="CertificateRequest"/> (ECDSA P-256, SHA-256; RFC 5280 extensions) and written as PEM files as
/// Mosquitto and the agent read them.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly string _folder;
    private readonly ECDsa _caKey;
    private readonly X509Certificate2 _ca;

    private TestPki(string folder, ECDsa caKey, X509Certificate2 ca)
    {
        _folder = folder;
        _caKey = caKey;
        _ca = ca;
        CaFile = Path.Combine(folder, "ca.crt");
        File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");
        (ServerCertFile, ServerKeyFile) = Issue("server", "localhost", server: true);
    }

    public string CaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>Creates a CA named <paramref name="name"/> and its server certificate in <paramref name="folder"/>.</summary>
    public static TestPki Create(string folder, string name = "Alpi test CA")
    {
        var now = TimeProvider.System.GetUtcNow();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new TestPki(folder, key, request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2)));
    }

    /// <summary>Issues a client certificate for <paramref name="commonName"/>; returns its certificate and key files.</summary>
    public (string CertFile, string KeyFile) IssueClient(string commonName) => Issue("client-" + commonName, commonName, server: false);

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }

    private (string CertFile, string KeyFile) Issue(string fileName, string commonName, bool server)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // serverAuth or clientAuth (RFC 5280 §4.2.1.12).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        using var certificate = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        var certFile = Path.Combine(_folder, fileName + ".crt");
        var keyFile = Path.Combine(_folder, fileName + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certFile, keyFile);
    }
}
