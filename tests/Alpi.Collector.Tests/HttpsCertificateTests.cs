using System.Globalization;
using System.Net;
using Alpi.Agent.Publishing;
using Alpi.Collector.Tests.Broker;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;

namespace Alpi.Collector.Tests;

/// <summary>
/// The collector's API and dashboard over HTTPS with Kestrel's standard certificate settings
/// (<c>Kestrel:Certificates:Default:Path</c> and <c>KeyPath</c>), with a certificate made by the test's private CA.
/// </summary>
public class HttpsCertificateTests
{
    [Test]
    [Category("Integration")]
    public async Task Collector_WithAPemCertificate_ServesTheApiOverHttps()
    {
        using var folder = new TempDirectory("alpi-https");
        var certificates = TestCertificates.Create(folder.Path);
        var port = FreePort.Tcp();
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Http:Url"] = $"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Kestrel:Certificates:Default:Path"] = certificates.CertFile,
            ["Kestrel:Certificates:Default:KeyPath"] = certificates.KeyFile,
            ["Collector:Traps:Enabled"] = "false",
        });
        TryReadCa(certificates.CaFile, out var authorities);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) => TlsFiles.IsIssuedBy(certificate, chain, errors, authorities) };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        https.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", collector.AdminToken);
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(10) };

        using var response = await https.GetAsync(new Uri("/api/hosts", UriKind.Relative));
        var overPlainHttp = () => plain.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().StartWith("[");
        await overPlainHttp.Should().ThrowAsync<HttpRequestException>("the port speaks TLS only");
    }

    [Test]
    public void Validate_HttpsWithoutCertificate_NamesKestrelsKeys()
    {
        var problems = HttpsCertificate.Validate(Configuration(("Collector:Http:Url", "https://0.0.0.0:8443")));

        problems.Should().ContainSingle().Which.Should().Contain("Kestrel:Certificates:Default:Path").And.Contain("Kestrel:Certificates:Default:KeyPath");
    }

    [Test]
    public void Validate_KeyOfAnotherCertificate_IsReported()
    {
        using var folder = new TempDirectory("alpi-https");
        var first = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(folder.Path, "a")).FullName);
        var second = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(folder.Path, "b")).FullName);

        var problems = HttpsCertificate.Validate(Configuration(
            ("Collector:Http:Url", "https://127.0.0.1:8443"), ("Kestrel:Certificates:Default:Path", first.CertFile), ("Kestrel:Certificates:Default:KeyPath", second.KeyFile)));

        problems.Should().ContainSingle().Which.Should().StartWith($"Kestrel:Certificates:Default:Path \"{first.CertFile}\" with Kestrel:Certificates:Default:KeyPath ");
    }

    [Test]
    public void Validate_PlainHttp_NeedsNoCertificate() =>
        HttpsCertificate.Validate(Configuration(("Collector:Http:Url", "http://127.0.0.1:8080"))).Should().BeEmpty();

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static void TryReadCa(string path, out System.Security.Cryptography.X509Certificates.X509Certificate2Collection authorities)
    {
        TlsFiles.TryReadCaFile(path, out var read, out var problem).Should().BeTrue(problem);
        authorities = read!;
    }
}
