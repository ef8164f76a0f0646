using System.Text;
using Alpi.Agent.Publishing;
using Alpi.Testing;
using MQTTnet;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>The agent's broker connection settings (<c>Agent:Broker</c>): what the MQTT client is given, and their checks at start.</summary>
public class AgentMqttClientOptionsTests
{
    private readonly AgentOptionsValidator _validator = new();

    [Test]
    public void Builder_WithoutTls_GivesAddressClientIdAndCredentials()
    {
        var agent = new AgentOptions { Tenant = "t", Host = "h", Broker = { Host = "broker.example", Port = 1884, Username = "t.h", Password = "p" } };

        var options = AgentMqttClientOptions.Builder(agent).Build();

        options.ClientId.Should().Be("alpi-agent-t-h");
        var tcp = options.ChannelOptions.Should().BeOfType<MqttClientTcpOptions>().Subject;
        tcp.RemoteEndpoint.ToString().Should().Contain("broker.example").And.Contain("1884");
        tcp.TlsOptions.UseTls.Should().BeFalse();
        options.Credentials.GetUserName(options).Should().Be("t.h");
        Encoding.UTF8.GetString(options.Credentials.GetPassword(options)).Should().Be("p");
    }

    [Test]
    public void Builder_WithTlsCaAndClientCertificate_ChecksTheBrokerNameAndPresentsTheCertificate()
    {
        using var folder = new TempDirectory("alpi-agent-tls");
        using var pki = TestPki.Create(folder.Path);
        var (certFile, keyFile) = pki.IssueClient("t.h");
        var agent = new AgentOptions
        {
            Tenant = "t", Host = "h",
            Broker = { Host = "supervision.example", Port = 8883, UseTls = true, CaFile = pki.CaFile, CertificateFile = certFile, KeyFile = keyFile },
        };

        var tls = ((MqttClientTcpOptions)AgentMqttClientOptions.Builder(agent).Build().ChannelOptions).TlsOptions;

        tls.UseTls.Should().BeTrue();
        tls.TargetHost.Should().Be("supervision.example");
        tls.CertificateValidationHandler.Should().NotBeNull("a private CA replaces the system roots");
        tls.ClientCertificatesProvider.GetCertificates().Cast<System.Security.Cryptography.X509Certificates.X509Certificate>().Should().ContainSingle()
            .Which.Subject.Should().Be("CN=t.h");
    }

    [Test]
    public void Validate_TlsFilesProblems_AreReportedAtOnceWithTheirKeys()
    {
        using var folder = new TempDirectory("alpi-agent-tls");
        var notPem = Path.Combine(folder.Path, "ca.crt");
        File.WriteAllText(notPem, "not a certificate\n");
        var options = new AgentOptions
        {
            Host = "h",
            Broker = { UseTls = false, CaFile = notPem, CertificateFile = Path.Combine(folder.Path, "missing.crt") },
        };

        var failures = _validator.Validate(null, options).Failures;

        failures.Should().SatisfyRespectively(
            f => f.Should().Be("Agent:Broker:CaFile is set but Agent:Broker:UseTls is false."),
            f => f.Should().StartWith($"Agent:Broker:CaFile \"{notPem}\": ").And.Contain("no PEM certificate"),
            f => f.Should().StartWith("Agent:Broker:CertificateFile and Agent:Broker:KeyFile need Agent:Broker:UseTls=true"),
            f => f.Should().Be("Agent:Broker:CertificateFile and Agent:Broker:KeyFile must be set together."));
    }

    [Test]
    public void Validate_KeyOfAnotherCertificate_IsReported()
    {
        using var folder = new TempDirectory("alpi-agent-tls");
        using var pki = TestPki.Create(folder.Path);
        var (certFile, _) = pki.IssueClient("a");
        var (_, otherKey) = pki.IssueClient("b");
        var options = new AgentOptions { Host = "h", Broker = { UseTls = true, CertificateFile = certFile, KeyFile = otherKey } };

        _validator.Validate(null, options).Failures.Should().ContainSingle().Which.Should().StartWith($"Agent:Broker:CertificateFile \"{certFile}\" with Agent:Broker:KeyFile ");
    }

    [Test]
    public void Validate_ReadableTlsFiles_Succeed()
    {
        using var folder = new TempDirectory("alpi-agent-tls");
        using var pki = TestPki.Create(folder.Path);
        var (certFile, keyFile) = pki.IssueClient("t.h");
        var options = new AgentOptions { Host = "h", Broker = { UseTls = true, CaFile = pki.CaFile, CertificateFile = certFile, KeyFile = keyFile } };

        _validator.Validate(null, options).Succeeded.Should().BeTrue();
    }
}
