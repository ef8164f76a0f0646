using Alpi.Collector.Relational;

namespace Alpi.Collector.Tests;

/// <summary>
/// The state suites run once per provider: <c>[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]</c>
/// on a fixture whose constructor takes the provider's name. The PostgreSQL runs are in the <c>Integration</c>
/// category (they start a real server).
/// </summary>
internal static class StateProviders
{
    public static IEnumerable<TestFixtureData> Fixtures
    {
        get
        {
            yield return new TestFixtureData(StateOptions.Sqlite);
            var postgres = new TestFixtureData(StateOptions.PostgreSql);
            postgres.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, "Integration");
            yield return postgres;
        }
    }
}
