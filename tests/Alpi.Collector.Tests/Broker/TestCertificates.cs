using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// A private certificate authority and a broker certificate for 127.0.0.1 and localhost signed by it, made with .NET's
/// <see cref="CertificateRequest"/> (ECDSA P-256, SHA-256; RFC 5280 extensions: CA basic constraints and key usage, the
/// server's subject alternative names and serverAuth extended key usage), written as PEM files as Mosquitto reads them.
/// </summary>
internal sealed record TestCertificates(string CaFile, string CertFile, string KeyFile)
{
    /// <summary>Writes <c>ca.crt</c>, <c>broker.crt</c> and <c>broker.key</c> (PKCS #8) into <paramref name="folder"/>.</summary>
    public static TestCertificates Create(string folder)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Alpi test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var result = new TestCertificates(Path.Combine(folder, "ca.crt"), Path.Combine(folder, "broker.crt"), Path.Combine(folder, "broker.key"));
        File.WriteAllText(result.CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(result.CertFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(result.KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return result;
    }
}
