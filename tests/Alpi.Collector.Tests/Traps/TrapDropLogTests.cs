using System.Net;
using Alpi.Collector.Traps;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Traps;

public sealed class TrapDropLogTests
{
    private static readonly IPAddress Switch = IPAddress.Parse("192.0.2.7");
    private FakeTimeProvider _time = null!;
    private FakeLogger<TrapDropLog> _logger = null!;
    private TrapDropLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        _logger = new FakeLogger<TrapDropLog>();
        _log = new TrapDropLog(_time, _logger);
    }

    // The new user's minute: malformed datagrams, an unknown v3 user and a wrong authentication pass phrase from one
    // switch gave "(6 more dropped from this source since the last report)" behind the first reason, the wrong pass
    // phrase nowhere named.
    [Test]
    public void DropsHeldBackFromOneAddress_AreCountedPerReason_InTheNextLine()
    {
        _log.Report(new IPEndPoint(Switch, 40001), TrapDropReason.UnknownCommunity, "community \"privé\" is not accepted");
        for (var i = 0; i < 4; i++)
        {
            _log.Report(new IPEndPoint(Switch, 40002 + i), TrapDropReason.Malformed, "bad length");
        }

        _log.Report(new IPEndPoint(Switch, 40010), TrapDropReason.WrongDigest, "SNMPv3 user \"ops\": wrong HMAC");
        _log.Report(new IPEndPoint(Switch, 40011), TrapDropReason.UnknownUser, "SNMPv3 user \"nobody\" is not configured");
        _time.Advance(TrapDropLog.Period);
        _log.Report(new IPEndPoint(Switch, 40020), TrapDropReason.Malformed, "bad length");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(2, "one line per address a minute");
        lines[0].Message.Should().EndWith("(0 more dropped from this address, any port, since the last report)");
        lines[1].Message.Should().EndWith(
            "(6 more dropped from this address, any port, since the last report: 4 malformed, 1 unknown_user, 1 wrong_digest)");
    }

    // The limit is per address: the line's port is the reported datagram's own, said so, never address:port as if the
    // held-back drops came from it.
    [Test]
    public void TheLine_NamesTheAddress_AndTheReportedDatagramsSourcePortApart()
    {
        _log.Report(new IPEndPoint(Switch, 1162), TrapDropReason.UnknownCommunity, "community \"x\" is not accepted");

        var line = _logger.Collector.LatestRecord.Message;
        line.Should().StartWith("SNMP datagram from 192.0.2.7 (source port 1162) dropped (unknown_community): community \"x\" is not accepted")
            .And.NotContain("192.0.2.7:1162");
    }

    [Test]
    public void EachAddress_HasItsOwnMinute_AndItsOwnCounts()
    {
        var other = IPAddress.Parse("192.0.2.8");
        _log.Report(new IPEndPoint(Switch, 1), TrapDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 1), TrapDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 2), TrapDropReason.NotInTimeWindow, "x");
        _log.Report(new IPEndPoint(other, 3), TrapDropReason.DecryptionFailed, "x");
        _time.Advance(TrapDropLog.Period);
        _log.Report(new IPEndPoint(Switch, 1), TrapDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(other, 1), TrapDropReason.Malformed, "x");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(4);
        lines[2].Message.Should().Contain("from 192.0.2.7 ").And.Contain("(0 more dropped");
        lines[3].Message.Should().Contain("from 192.0.2.8 ")
            .And.EndWith("(2 more dropped from this address, any port, since the last report: 1 not_in_time_window, 1 decryption_failed)");
    }

    // A dual-stack receiver sees an IPv4 sender as ::ffff:192.0.2.7: the same address as on an IPv4 socket, one limit.
    [Test]
    public void AnIPv4MappedSender_IsTheSameAddressAsItsIPv4Self()
    {
        _log.Report(new IPEndPoint(Switch, 1), TrapDropReason.Malformed, "x");
        _log.Report(new IPEndPoint(Switch.MapToIPv6(), 2), TrapDropReason.WrongDigest, "x");
        _time.Advance(TrapDropLog.Period);
        _log.Report(new IPEndPoint(Switch.MapToIPv6(), 3), TrapDropReason.Malformed, "x");

        var lines = _logger.Collector.GetSnapshot();
        lines.Should().HaveCount(2);
        lines[1].Message.Should().StartWith("SNMP datagram from 192.0.2.7 (source port 3)")
            .And.EndWith("(1 more dropped from this address, any port, since the last report: 1 wrong_digest)");
    }
}
