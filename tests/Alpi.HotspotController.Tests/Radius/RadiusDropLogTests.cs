using System.Net;
using Alpi.HotspotController.Radius;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Radius;

public sealed class RadiusDropLogTests
{
    private static readonly IPAddress Borne = IPAddress.Parse("192.0.2.7");
    private FakeTimeProvider _time = null!;
    private FakeLogger<RadiusDropLog> _logger = null!;
    private RadiusDropLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        _logger = new FakeLogger<RadiusDropLog>();
        _log = new RadiusDropLog(_time, _logger);
    }

    // The tester's minute: a missing Message-Authenticator, malformed datagrams and a wrong secret from one address
    // gave "(6 more dropped from this address since the last report)", the wrong secret nowhere named.
    [Test]
    public void DropsHeldBackFromOneAddress_AreCountedPerReason_InTheNextLine()
    {
        _log.Report(new IPEndPoint(Borne, 40001), "borne-place", RadiusDropReason.MissingMessageAuthenticator, "no Message-Authenticator");
        for (var i = 0; i < 4; i++)
        {
            _log.Report(new IPEndPoint(Borne, 40002 + i), "borne-place", RadiusDropReason.Malformed, "bad length");
        }

        _log.Report(new IPEndPoint(Borne, 40010), "borne-place", RadiusDropReason.BadMessageAuthenticator, "does not verify");
        _log.Report(new IPEndPoint(Borne, 40011), "borne-place", RadiusDropReason.MissingMessageAuthenticator, "no Message-Authenticator");
        _time.Advance(RadiusDropLog.Period);
        _log.Report(new IPEndPoint(Borne, 40020), "borne-place", RadiusDropReason.Malformed, "bad length");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(2, "one line per address a minute");
        lines[0].Message.Should().Contain("(0 more dropped from this address, any port, since the last report)");
        lines[1].Message.Should().EndWith(
            "(6 more dropped from this address, any port, since the last report: 4 malformed, 1 missing_message_authenticator, 1 bad_message_authenticator)");
    }

    // The limit is per address: the line's port is the reported datagram's own, said so, never address:port as if
    // the held-back drops came from it.
    [Test]
    public void TheLine_NamesTheAddress_AndTheReportedDatagramsSourcePortApart()
    {
        _log.Report(new IPEndPoint(Borne, 1645), null, RadiusDropReason.UnknownClient, "no NAS client matches");

        var line = _logger.Collector.LatestRecord.Message;
        line.Should().StartWith("RADIUS datagram from 192.0.2.7 (source port 1645, NAS (unknown)) dropped (unknown_client): no NAS client matches")
            .And.NotContain("192.0.2.7:1645");
    }

    [Test]
    public void EachAddress_HasItsOwnMinute_AndItsOwnCounts()
    {
        var other = IPAddress.Parse("192.0.2.8");
        _log.Report(new IPEndPoint(Borne, 1), "a", RadiusDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 1), "b", RadiusDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 2), "b", RadiusDropReason.BadRequestAuthenticator, "x");
        _time.Advance(RadiusDropLog.Period);
        _log.Report(new IPEndPoint(Borne, 1), "a", RadiusDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 1), "b", RadiusDropReason.Malformed, "x");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(4);
        lines[2].Message.Should().Contain("from 192.0.2.7 ").And.Contain("(0 more dropped");
        lines[3].Message.Should().Contain("from 192.0.2.8 ").And.EndWith("(1 more dropped from this address, any port, since the last report: 1 bad_request_authenticator)");
    }
}
