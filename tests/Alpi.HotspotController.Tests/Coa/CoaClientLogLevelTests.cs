using System.Net;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Nas;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Tests.Coa;

/// <summary>
/// The level of a Disconnect-Request's outcome line: an on-call technician filtering on warnings must see the sessions a
/// terminal did not confirm cut (they may stay open until they time out). It was Information for every outcome.
/// </summary>
public sealed class CoaClientLogLevelTests
{
    private const string Secret = "terminal-secret";
    private static readonly CoaSessionIdentity Session = new("5F3A0002", "alice@example.org", "AA-BB-CC-DD-EE-02", IPAddress.Parse("192.0.2.10"));

    [TestCase(RadiusCode.DisconnectAck, null, LogLevel.Information, TestName = "Disconnect_Acked_IsLoggedAtInformation")]
    // The NAS had no such session: nothing left open.
    [TestCase(RadiusCode.DisconnectNak, CoaErrorCause.SessionContextNotFound, LogLevel.Information, TestName = "Disconnect_NakedSessionContextNotFound_IsLoggedAtInformation")]
    // 502 Request Not Routable: the session was not cut.
    [TestCase(RadiusCode.DisconnectNak, 502u, LogLevel.Warning, TestName = "Disconnect_NakedOtherwise_IsLoggedAtWarning")]
    [TestCase(RadiusCode.DisconnectNak, null, LogLevel.Warning, TestName = "Disconnect_NakedWithoutErrorCause_IsLoggedAtWarning")]
    public async Task Disconnect_Answered_IsLoggedAtTheLevelOfItsOutcome(RadiusCode answer, uint? errorCause, LogLevel expected)
    {
        await using var nas = new TestNas(Secret, _ => [new TestNas.Reply(answer, errorCause)]);
        var log = new FakeLogger<CoaClient>();

        await Client(log).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        log.LatestRecord.Level.Should().Be(expected, log.LatestRecord.Message);
    }

    [Test]
    public async Task Disconnect_TimedOut_IsLoggedAtWarning()
    {
        await using var nas = new TestNas(Secret, _ => []);
        var log = new FakeLogger<CoaClient>();

        var result = await Client(log).DisconnectAsync(Nas(nas.Port), Session, CancellationToken.None);

        result.Outcome.Should().Be(CoaOutcome.TimedOut);
        log.LatestRecord.Level.Should().Be(LogLevel.Warning);
        log.LatestRecord.Message.Should().Contain("TimedOut").And.Contain("5F3A0002");
    }

    private static CoaClient Client(FakeLogger<CoaClient> log) =>
        new(Options.Create(new HotspotOptions { Coa = new CoaOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 } }),
            TimeProvider.System, new CoaStatistics(), log);

    private static NasClient Nas(int port) => new() { Name = "mairie-2", Address = "127.0.0.1", Secret = Secret, CoaPort = port };
}
