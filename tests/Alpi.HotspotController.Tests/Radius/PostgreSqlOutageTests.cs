using System.Globalization;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// The controller on PostgreSQL while PostgreSQL is down: an Accounting-Request is not answered (the terminal keeps
/// it and retransmits), and is stored once the database is back. A server of its own, stopped by the test.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class PostgreSqlOutageTests
{
    [Test]
    public async Task Accounting_WhilePostgreSqlIsDown_IsNotAcknowledged_AndIsStoredWhenRetransmittedAfter()
    {
        using var server = await PostgresServer.StartAsync();
        await using var harness = await RadiusHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Storage:Provider"] = StorageOptions.PostgreSql,
            ["Hotspot:Storage:ConnectionString"] = await server.CreateDatabaseAsync() + ";Timeout=2",
        });
        const string start = "Acct-Status-Type = Start, Acct-Session-Id = \"outage-1\", User-Name = \"02-00-00-00-0c-01\"";
        var sessions = harness.Get<SessionStore>();
        (await sessions.ListOpenAsync(null, CancellationToken.None)).Should().BeEmpty("the database answers before the outage");
        var failedBefore = harness.Statistics.GetDropped(RadiusDropReason.StoreFailed);

        server.Stop();
        var (exit, output) = await Radclient.RunAsync(harness.AcctPort, "acct", start, retries: 2, timeoutSeconds: 3);

        exit.Should().NotBe(0);
        output.Should().Contain("No reply from server").And.NotContain("Received Accounting-Response");
        harness.Statistics.GetDropped(RadiusDropReason.StoreFailed).Should().BeGreaterThan(failedBefore,
            string.Create(CultureInfo.InvariantCulture, $"each attempt failed to store (before: {failedBefore})"));

        await server.StartAgainAsync();
        (await sessions.FindAsync(RadiusHarness.NasName, "outage-1", CancellationToken.None)).Should().BeNull("nothing was stored while the database was down");
        var (retryExit, retryOutput) = await Radclient.RunAsync(harness.AcctPort, "acct", start, retries: 3, timeoutSeconds: 3);

        retryExit.Should().Be(0, retryOutput);
        (await sessions.FindAsync(RadiusHarness.NasName, "outage-1", CancellationToken.None))!.StoppedUnixMs.Should().BeNull();
    }
}
