using System.Net;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Nas;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Tests.Coa;

public class CoaClientTests
{
    private const string Secret = "terminal-secret";
    private static readonly CoaSessionIdentity Session = new("5F3A0001", "alice@example.org", "AA-BB-CC-DD-EE-01", IPAddress.Parse("192.0.2.10"));

    private static CoaClient Client(CoaStatistics statistics, TimeSpan? timeout = null, int retries = 2, Microsoft.Extensions.Logging.ILogger<CoaClient>? logger = null) =>
        new(Options.Create(new HotspotOptions { Coa = new CoaOptions { Timeout = timeout ?? TimeSpan.FromSeconds(5), Retries = retries } }),
            TimeProvider.System, statistics, logger ?? NullLogger<CoaClient>.Instance);

    private static NasClient Nas(int port, string address = "127.0.0.1") => new() { Name = "mairie-1", Address = address, Secret = Secret, CoaPort = port };

    [Test]
    public async Task Disconnect_NasAcks_RequestCarriesTheSessionAndVerifiableAuthenticators()
    {
        await using var nas = new TestNas(Secret, TestNas.Ack);
        var statistics = new CoaStatistics();

        var result = await Client(statistics).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.Acked);
        result.Attempts.Should().Be(1);
        result.IgnoredReplies.Should().Be(0);
        result.SessionGone.Should().BeTrue();
        nas.Requests.Should().ContainSingle();
        var request = nas.Requests.Single();
        request.Packet.Code.Should().Be(RadiusCode.DisconnectRequest);
        request.RequestAuthenticatorValid.Should().BeTrue("RFC 5176 §2.3: MD5 over the packet with a zero authenticator and the secret");
        request.MessageAuthenticator.Should().Be(RadiusMessageAuthenticatorResult.Valid, "RFC 3579 §3.2 with a zero Request Authenticator (RFC 5176 §3.3)");
        request.Packet.Attributes[0].Type.Should().Be(RadiusAttributeType.MessageAuthenticator, "Message-Authenticator goes first (CVE-2024-3596 practice)");
        request.Text(RadiusAttributeType.AcctSessionId).Should().Be("5F3A0001");
        request.Text(RadiusAttributeType.UserName).Should().Be("alice@example.org");
        request.Text(RadiusAttributeType.CallingStationId).Should().Be("AA-BB-CC-DD-EE-01");
        request.Packet.Find(RadiusAttributeType.NasIpAddress)!.Value.ToArray().Should().Equal(192, 0, 2, 10);
        request.Packet.Find(CoaClient.EventTimestampType)!.TryGetUInt32(out var timestamp).Should().BeTrue();
        timestamp.Should().BeGreaterThan(1_700_000_000u);
        statistics.Outcomes[CoaOutcome.Acked].Should().Be(1);
    }

    // The line read "Disconnect-Request … Acked (Error-Cause ) after 1 attempt(s)" when the reply had no Error-Cause.
    [Test]
    public async Task Disconnect_LogsTheErrorCauseOnlyWhenTheReplyHasOne()
    {
        await using var acking = new TestNas(Secret, TestNas.Ack);
        await using var naking = new TestNas(Secret, _ => [new TestNas.Reply(RadiusCode.DisconnectNak, CoaErrorCause.SessionContextNotFound)]);
        var log = new FakeLogger<CoaClient>();

        await Client(new CoaStatistics(), logger: log).DisconnectAsync(Nas(acking.Port), Session, CancellationToken.None);
        var acked = log.LatestRecord.Message;
        await Client(new CoaStatistics(), logger: log).DisconnectAsync(Nas(naking.Port), Session, CancellationToken.None);

        acked.Should().EndWith(": Acked after 1 attempt(s)").And.NotContain("Error-Cause");
        log.LatestRecord.Message.Should().EndWith(": Naked (Error-Cause 503 Session Context Not Found) after 1 attempt(s)");
    }

    [Test]
    public async Task Disconnect_NasNaks_ReturnsTheErrorCause()
    {
        await using var nas = new TestNas(Secret, _ => [new TestNas.Reply(RadiusCode.DisconnectNak, CoaErrorCause.SessionContextNotFound)]);

        var result = await Client(new CoaStatistics()).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.Naked);
        result.ErrorCause.Should().Be(503u);
        result.ErrorCauseName.Should().Be("Session Context Not Found");
        result.SessionGone.Should().BeTrue("a NAS without the session has nothing left to cut");
    }

    [Test]
    public async Task Disconnect_ForgedAckThenGenuineAck_IgnoresTheForgeryAndCountsIt()
    {
        await using var nas = new TestNas(Secret, _ =>
        [
            new TestNas.Reply(RadiusCode.DisconnectAck, ForgeWithSecret: "attacker-guess"),
            new TestNas.Reply(RadiusCode.DisconnectAck, Identifier: 0xFF),
            new TestNas.Reply(RadiusCode.DisconnectNak, ErrorCause: 404),
        ]);
        var statistics = new CoaStatistics();

        var result = await Client(statistics).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        // The identifier case may collide with the random identifier (1 in 256): then it is the genuine answer.
        result.Outcome.Should().BeOneOf(CoaOutcome.Naked, CoaOutcome.Acked);
        if (result.Outcome == CoaOutcome.Naked)
        {
            result.ErrorCause.Should().Be(404u);
            result.IgnoredReplies.Should().Be(2);
            statistics.IgnoredReplies[CoaIgnoredReason.WrongIdentifier].Should().Be(1);
        }

        statistics.IgnoredReplies[CoaIgnoredReason.BadAuthenticator].Should().Be(1);
    }

    [Test]
    public async Task Disconnect_OnlyAForgedAck_TimesOutWithoutTrustingIt()
    {
        await using var nas = new TestNas(Secret, _ => [new TestNas.Reply(RadiusCode.DisconnectAck, ForgeWithSecret: "not-the-secret")]);
        var statistics = new CoaStatistics();

        var result = await Client(statistics, TimeSpan.FromMilliseconds(300), retries: 0).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.TimedOut);
        result.IgnoredReplies.Should().Be(1);
        statistics.IgnoredReplies[CoaIgnoredReason.BadAuthenticator].Should().Be(1);
    }

    [Test]
    public async Task Disconnect_SilentNas_RetransmitsTheSameDatagramThenTimesOut()
    {
        await using var nas = new TestNas(Secret, _ => []);
        var statistics = new CoaStatistics();

        var result = await Client(statistics, TimeSpan.FromMilliseconds(200), retries: 2).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.TimedOut);
        result.Attempts.Should().Be(3);
        statistics.Retransmissions.Should().Be(2);
        (await Alpi.Testing.Eventually.WaitAsync(() => Task.FromResult(nas.Requests.Count == 3 ? nas.Requests.ToList() : null), TimeSpan.FromSeconds(5)))
            .Should().NotBeNull().And.Subject.Select(r => Convert.ToHexString(r.Datagram)).Distinct().Should().ContainSingle("RFC 5080 §2.2.1: a retransmission is the same packet");
    }

    [Test]
    public async Task ChangeAuthorization_NasAcks_CarriesTheChangesAfterTheIdentification()
    {
        await using var nas = new TestNas(Secret, TestNas.Ack);

        var result = await Client(new CoaStatistics()).ChangeAuthorizationAsync(Nas(nas.Port), Session,
            [RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 600)], CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.Acked);
        var request = nas.Requests.Single();
        request.Packet.Code.Should().Be(RadiusCode.CoaRequest);
        request.RequestAuthenticatorValid.Should().BeTrue();
        request.MessageAuthenticator.Should().Be(RadiusMessageAuthenticatorResult.Valid);
        request.Packet.Attributes[^1].Type.Should().Be(RadiusAttributeType.SessionTimeout);
    }

    [Test]
    public async Task ChangeAuthorization_AnsweredWithADisconnectAck_IsABadResponse()
    {
        await using var nas = new TestNas(Secret, _ => [new TestNas.Reply(RadiusCode.DisconnectAck)]);

        var result = await Client(new CoaStatistics()).ChangeAuthorizationAsync(Nas(nas.Port), Session, [], CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.BadResponse);
        result.Detail.Should().Contain("41");
    }

    [Test]
    public async Task Disconnect_NasDeclaredAsANetwork_IsNotSent()
    {
        var result = await Client(new CoaStatistics()).DisconnectAsync(Nas(3799, "192.0.2.0/24"), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.NotSent);
        result.Detail.Should().Contain("192.0.2.0/24");
    }

    // Each case: a NAS client address, and the single address a request can go to (null: none).
    [TestCase("192.0.2.10", "192.0.2.10")]
    // A /32 is one address.
    [TestCase("192.0.2.10/32", "192.0.2.10")]
    [TestCase("2001:db8::7", "2001:db8::7")]
    [TestCase("2001:db8::7/128", "2001:db8::7")]
    // A network names several terminals: no CoA target.
    [TestCase("192.0.2.0/24", null)]
    public void TryGetSingleAddress_TakesOnlySingleAddresses(string address, string? expected)
    {
        var found = CoaClient.TryGetSingleAddress(Nas(3799, address), out var single);

        found.Should().Be(expected is not null);
        single?.ToString().Should().Be(expected);
    }

    [Test]
    public void Identity_FromAnAccountedSession_UsesWhatTheNasReported()
    {
        var session = new Alpi.HotspotController.Sessions.HotspotSession { Nas = "mairie-1", AcctSessionId = "42", UserName = "AA-BB-CC-DD-EE-01", Mac = "AA-BB-CC-DD-EE-01", NasIp = null };

        var identity = CoaSessionIdentity.From(session, Nas(3799, "198.51.100.4"));

        identity.Should().Be(new CoaSessionIdentity("42", "AA-BB-CC-DD-EE-01", "AA-BB-CC-DD-EE-01", IPAddress.Parse("198.51.100.4")));
    }
}
