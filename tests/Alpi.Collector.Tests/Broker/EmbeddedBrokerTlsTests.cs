using System.Globalization;
using Alpi.Collector.Broker;
using Alpi.Testing;
using MQTTnet;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The embedded broker's MQTT over TLS listener (<c>Collector:Broker:TlsPort</c>, <c>CertificateFile</c>, <c>KeyFile</c>)
/// with a certificate made by the test's private CA, beside the plain loopback listener the collector's own clients use:
/// an agent trusting the CA publishes through it, TLS below 1.2 and plain MQTT are not served, and a client without the
/// CA refuses the broker.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class EmbeddedBrokerTlsTests
{
    private const string Tenant = "mairie-exemple";
    private const string Password = "password-of-a";
    private TempDirectory _files = null!;
    private TestCertificates _certificates = null!;
    private CollectorHarness _collector = null!;
    private int _tlsPort;

    [OneTimeSetUp]
    public async Task Start()
    {
        _files = new TempDirectory("alpi-embedded-tls");
        _certificates = TestCertificates.Create(_files.Path);
        await ShippedMosquitto.RunScriptAsync(_files.Path, "add-agent.sh", Tenant, "srv-a", Password);
        _tlsPort = FreePort.Tcp();
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Broker:TlsPort"] = _tlsPort.ToString(CultureInfo.InvariantCulture),
            ["Collector:Broker:TlsHost"] = "127.0.0.1",
            ["Collector:Broker:CertificateFile"] = _certificates.CertFile,
            ["Collector:Broker:KeyFile"] = _certificates.KeyFile,
            ["Collector:Broker:Authentication:Enabled"] = "true",
            ["Collector:Broker:Authentication:PasswordFile"] = Path.Combine(_files.Path, "alpi", "passwd"),
            ["Collector:Traps:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _collector.DisposeAsync();
        _files.Dispose();
    }

    [Test]
    public async Task Agent_OverTlsWithThePrivateCa_IsStored()
    {
        var broker = new CollectorBrokerOptions
        {
            Embedded = false, Host = "127.0.0.1", Port = _tlsPort, UseTls = true, CaFile = _certificates.CaFile, Username = $"{Tenant}.srv-a", Password = Password,
        };
        using var agent = await MqttTestClient.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "tls-agent").Build());

        var result = await agent.PublishAsync($"alpi/{Tenant}/srv-a/metrics", "over_tls value=1");

        agent.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.Success);
        result.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        (await Eventually.WaitAsync(async () =>
        {
            var series = await _collector.GetJsonAsync($"/api/series?tenant={Tenant}&host=srv-a");
            return series.EnumerateArray().Any(s => s.GetProperty("measurement").GetString() == "over_tls") ? "stored" : null;
        }, TimeSpan.FromSeconds(15))).Should().Be("stored");
        (await _collector.GetJsonAsync("/healthz")).GetProperty("broker").GetProperty("tls").GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task Client_WithoutThePrivateCa_RefusesTheBroker()
    {
        var broker = new CollectorBrokerOptions { Embedded = false, Host = "127.0.0.1", Port = _tlsPort, UseTls = true, Username = $"{Tenant}.srv-a", Password = Password };
        using var client = new MqttClientFactory().CreateMqttClient();

        var connect = () => client.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "untrusting").Build());

        await connect.Should().ThrowAsync<Exception>();
        client.IsConnected.Should().BeFalse();
    }

    // As for the shipped Mosquitto configuration (ShippedMosquittoConfigTests): TLS 1.2 and 1.3, never 1.1.
    [TestCase("-tls1_1", "alert protocol version")]
    [TestCase("-tls1_2", "Protocol  : TLSv1.2")]
    [TestCase("-tls1_3", "TLSv1.3")]
    public async Task TlsListener_AcceptsTls12AndUpOnly(string version, string expected)
    {
        var info = new System.Diagnostics.ProcessStartInfo("openssl",
            ["s_client", "-connect", $"127.0.0.1:{_tlsPort}", version, "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", _certificates.CaFile])
        { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var openssl = System.Diagnostics.Process.Start(info)!;
        openssl.StandardInput.Close();
        var output = openssl.StandardOutput.ReadToEndAsync();
        var error = openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();

        (await output + await error).Should().Contain(expected);
    }

    [Test]
    public async Task PlainClient_OnTheTlsListener_IsNotServed()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _tlsPort).WithClientId("plain-on-tls")
            .WithCredentials($"{Tenant}.srv-a", Password).WithTimeout(TimeSpan.FromSeconds(5)).Build();

        var connect = () => client.ConnectAsync(options);

        await connect.Should().ThrowAsync<Exception>();
        client.IsConnected.Should().BeFalse();
    }

    [Test]
    public void Validate_TlsPortWithoutItsFiles_NamesTheKeys()
    {
        var options = new CollectorOptions { Broker = { TlsPort = 8883, TlsHost = "every-interface" } };
        var missing = new CollectorOptions { Broker = { CertificateFile = "/nonexistent.crt" } };
        var validator = new EmbeddedBrokerOptionsValidator();

        validator.Validate(null, options).Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Broker:TlsHost \"every-interface\" must be an IP address"),
            f => f.Should().StartWith("Collector:Broker:TlsPort needs Collector:Broker:CertificateFile and Collector:Broker:KeyFile"));
        validator.Validate(null, missing).Failures.Should().ContainSingle().Which.Should().Contain("used only with Collector:Broker:TlsPort");
    }

    [Test]
    public void Validate_AuthenticationFiles_MustBeReadableAndUsed()
    {
        var options = new CollectorOptions { Broker = { Embedded = false, Authentication = { Enabled = true, PasswordFile = "/nonexistent/passwd" } } };
        var unused = new CollectorOptions { Broker = { Authentication = { AclFile = _certificates.CaFile } } };
        var validator = new EmbeddedBrokerOptionsValidator();

        validator.Validate(null, options).Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Broker:Authentication:Enabled concerns the embedded broker"),
            f => f.Should().StartWith("Collector:Broker:Authentication:PasswordFile \"/nonexistent/passwd\": "));
        validator.Validate(null, unused).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Broker:Authentication:AclFile is set but");
    }
}
