using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Tests;

/// <summary>
/// The storage suites run once per provider: <c>[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]</c>
/// on a fixture whose constructor takes the provider's name. The PostgreSQL runs are in the <c>Integration</c>
/// category (they start a real server).
/// </summary>
internal static class StorageProviders
{
    public static IEnumerable<TestFixtureData> Fixtures
    {
        get
        {
            yield return new TestFixtureData(StorageOptions.Sqlite);
            var postgres = new TestFixtureData(StorageOptions.PostgreSql);
            postgres.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, "Integration");
            yield return postgres;
        }
    }
}
