using Alpi.Collector.Broker;
using Alpi.Testing;
using MQTTnet;

namespace Alpi.Collector.Tests.Broker;

/// <summary>The broker options for an external broker: session expiry, client id and TLS settings, and the MQTT session they give.</summary>
public class CollectorBrokerOptionsTests
{
    private readonly CollectorOptionsValidator _validator = new();

    // Each case: a session expiry and the Session Expiry Interval (s) and clean start sent in CONNECT (MQTT 5 §3.1.2.4, §3.1.2.11.2).
    // The default, one day.
    [TestCase("1.00:00:00", 86400u, false)]
    // Zero: no session kept, so a clean start.
    [TestCase("00:00:00", 0u, true)]
    // Fractions of a second are dropped.
    [TestCase("00:00:01.900", 1u, false)]
    // The largest value, which MQTT reads as "never expires".
    [TestCase("49710.06:28:15", uint.MaxValue, false)]
    public void WithIngestSession_SessionExpiry_SetsIntervalAndCleanStart(string expiry, uint expectedSeconds, bool expectedCleanStart)
    {
        var broker = new CollectorBrokerOptions { SessionExpiry = TimeSpan.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture) };

        var options = CollectorMqttClientOptions.Builder(broker, "c").WithIngestSession(broker).Build();

        options.SessionExpiryInterval.Should().Be(expectedSeconds);
        options.CleanSession.Should().Be(expectedCleanStart);
    }

    [Test]
    public void Validate_SessionExpiryOutOfRange_NamesTheKey()
    {
        var negative = new CollectorOptions { Broker = { SessionExpiry = TimeSpan.FromSeconds(-1) } };
        var tooLong = new CollectorOptions { Broker = { SessionExpiry = TimeSpan.FromSeconds(uint.MaxValue + 1L) } };

        _validator.Validate(null, negative).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Broker:SessionExpiry ");
        _validator.Validate(null, tooLong).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Broker:SessionExpiry ");
    }

    [Test]
    public void Validate_BlankClientId_NamesTheKey()
    {
        var options = new CollectorOptions { Broker = { ClientId = " " } };

        _validator.Validate(null, options).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Broker:ClientId ");
    }

    [Test]
    public void Validate_TlsProblems_AreReportedAtOnceWithTheirKeys()
    {
        // TLS on the embedded broker, and a CA file that does not exist given without UseTls.
        var tlsOnEmbedded = new CollectorOptions { Broker = { UseTls = true } };
        var caWithoutTls = new CollectorOptions { Broker = { Embedded = false, CaFile = "/nonexistent/alpi-ca.crt" } };

        _validator.Validate(null, tlsOnEmbedded).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Broker:UseTls ");
        _validator.Validate(null, caWithoutTls).Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Broker:CaFile is set but Collector:Broker:UseTls is false"),
            f => f.Should().StartWith("Collector:Broker:CaFile \"/nonexistent/alpi-ca.crt\": "));
    }

    [Test]
    public void Validate_CaFileWithoutCertificate_SaysSo()
    {
        using var folder = new TempDirectory();
        var notPem = Path.Combine(folder.Path, "ca.crt");
        File.WriteAllText(notPem, "not a certificate\n");
        var options = new CollectorOptions { Broker = { Embedded = false, UseTls = true, CaFile = notPem } };

        _validator.Validate(null, options).Failures.Should().ContainSingle().Which.Should().Contain("no PEM certificate");
    }

    [Test]
    public void Validate_TlsWithAReadableCaFile_Succeeds()
    {
        using var folder = new TempDirectory();
        var certificates = TestCertificates.Create(folder.Path);
        var options = new CollectorOptions { Broker = { Embedded = false, UseTls = true, CaFile = certificates.CaFile } };

        _validator.Validate(null, options).Succeeded.Should().BeTrue();
        CollectorMqttClientOptions.Builder(options.Broker, "c").Build().ChannelOptions.TlsOptions.UseTls.Should().BeTrue();
    }
}
