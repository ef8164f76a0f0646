using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests;

public class CollectorOptionsValidatorTests
{
    private readonly CollectorOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeeds()
    {
        _validator.Validate(null, new CollectorOptions()).Succeeded.Should().BeTrue();
    }

    // Each case: a tile URL template, and the CSP img-src source it allows (null: refused by the validator).
    [TestCase("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org")]
    [TestCase("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org")]
    [TestCase("http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8081")]
    [TestCase("ftp://tiles.example.org/{z}/{x}/{y}.png", null)]
    [TestCase("https://tiles.example.org/{z}/{x}.png", null)] // no {y}
    [TestCase("https://tiles.example.org/{z}/{x}/{y}.png; script-src *", null)] // would inject into the CSP
    public void Validate_MapTilesUrl_AcceptsTemplatesAndNamesTheirOrigin(string url, string? origin)
    {
        var options = new CollectorOptions { Dashboard = new CollectorDashboardOptions { MapTilesUrl = url } };

        var result = _validator.Validate(null, options);

        if (origin is null)
        {
            result.Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Dashboard:MapTilesUrl ");
        }
        else
        {
            result.Succeeded.Should().BeTrue();
            options.Dashboard.MapTilesOrigin.Should().Be(origin);
            Alpi.Collector.Security.Headers.SecurityHeaders.PolicyWithImagesFrom(origin).Should().Contain($"img-src 'self' data: {origin};");
        }
    }

    [Test]
    public void Validate_EveryProblem_IsReportedAtOnceWithItsKey()
    {
        var options = new CollectorOptions
        {
            DataDirectory = " ",
            Broker = new CollectorBrokerOptions { Host = "", Port = 0, SharedSubscriptionGroup = "a/b", MaxPayloadBytes = 1023 },
            Http = new CollectorHttpOptions { Url = "ftp://127.0.0.1:8080" },
            Ingest = new IngestOptions { MaxBatchPoints = 0, QueueCapacity = -1 },
        };

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(8);
        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:DataDirectory "),
            f => f.Should().StartWith("Collector:Broker:Host "),
            f => f.Should().StartWith("Collector:Broker:Port "),
            f => f.Should().StartWith("Collector:Broker:SharedSubscriptionGroup "),
            f => f.Should().StartWith("Collector:Broker:MaxPayloadBytes "),
            f => f.Should().StartWith("Collector:Http:Url "),
            f => f.Should().StartWith("Collector:Ingest:MaxBatchPoints "),
            f => f.Should().StartWith("Collector:Ingest:QueueCapacity "));
    }

    // Each case: one setting made wrong on top of the defaults, and the key the single failure names.
    // Empty data directory.
    [TestCase("DataDirectory", "", "Collector:DataDirectory")]
    // Ports out of range, both ends.
    [TestCase("Broker:Port", "0", "Collector:Broker:Port")]
    [TestCase("Broker:Port", "65536", "Collector:Broker:Port")]
    // Shared subscription groups that are not one topic level.
    [TestCase("Broker:SharedSubscriptionGroup", "", "Collector:Broker:SharedSubscriptionGroup")]
    [TestCase("Broker:SharedSubscriptionGroup", "g+", "Collector:Broker:SharedSubscriptionGroup")]
    [TestCase("Broker:SharedSubscriptionGroup", "#", "Collector:Broker:SharedSubscriptionGroup")]
    // URLs: relative, no scheme, another scheme.
    [TestCase("Http:Url", "/api", "Collector:Http:Url")]
    [TestCase("Http:Url", "127.0.0.1:8080", "Collector:Http:Url")]
    [TestCase("Http:Url", "mqtt://127.0.0.1:1883", "Collector:Http:Url")]
    // Payload limit just below 1 KiB.
    [TestCase("Broker:MaxPayloadBytes", "1023", "Collector:Broker:MaxPayloadBytes")]
    public void Validate_OneBadSetting_ReportsOnlyItsKey(string setting, string value, string expectedKey)
    {
        var options = new CollectorOptions();
        switch (setting)
        {
            case "DataDirectory": options.DataDirectory = value; break;
            case "Broker:Port": options.Broker.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Broker:SharedSubscriptionGroup": options.Broker.SharedSubscriptionGroup = value; break;
            case "Broker:MaxPayloadBytes": options.Broker.MaxPayloadBytes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Http:Url": options.Http.Url = value; break;
            default: Assert.Fail($"Unknown setting {setting}"); break;
        }

        var result = _validator.Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith(expectedKey + " ");
    }

    // Boundary values that are valid.
    [TestCase(1, 1024, "https://[::1]:8443")]
    [TestCase(65535, int.MaxValue, "http://0.0.0.0:80")]
    public void Validate_BoundaryValues_Succeed(int port, int maxPayloadBytes, string url)
    {
        var options = new CollectorOptions();
        options.Broker.Port = port;
        options.Broker.MaxPayloadBytes = maxPayloadBytes;
        options.Http.Url = url;
        options.Broker.SharedSubscriptionGroup = "collectors";

        _validator.Validate(null, options).Should().Be(ValidateOptionsResult.Success);
    }
}
