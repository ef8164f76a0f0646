using Alpi.Testing;

namespace Alpi.Collector.Tests;

/// <summary>
/// The assembly's PostgreSQL server (<see cref="SharedPostgresServer"/>), started by the first test that needs it and
/// stopped after the last. Its default is <c>synchronous_commit=off</c>, so that the tests show the collector's
/// connections turn it back on.
/// </summary>
[SetUpFixture]
public sealed class SharedPostgresForTests
{
    [OneTimeSetUp]
    public void Configure() => SharedPostgresServer.Configure(new Dictionary<string, string> { ["synchronous_commit"] = "off" });

    [OneTimeTearDown]
    public void Stop() => SharedPostgresServer.Stop();
}
