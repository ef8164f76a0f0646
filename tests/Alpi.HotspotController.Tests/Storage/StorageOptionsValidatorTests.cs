using Alpi.HotspotController.Storage;
using Microsoft.Extensions.Configuration;

namespace Alpi.HotspotController.Tests.Storage;

public class StorageOptionsValidatorTests
{
    // Each case: a provider and a connection string that are valid together.
    // The default: SQLite in the data directory.
    [TestCase("sqlite", null)]
    // The provider's name in another letter case.
    [TestCase("PostgreSQL", "Host=db.example;Database=alpi_hotspot;Username=alpi;Password=s3cret")]
    public void ValidSettings_Pass(string provider, string? connectionString)
    {
        var options = new HotspotOptions { Storage = new StorageOptions { Provider = provider, ConnectionString = connectionString } };

        new StorageOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    // Each case: a wrong setting, and how the error starts and what it says.
    // PostgreSQL without a database to go to.
    [TestCase("postgresql", null, "Hotspot:Storage:ConnectionString is required")]
    // A provider the controller does not know.
    [TestCase("mysql", null, "Hotspot:Storage:Provider 'mysql' is not one of sqlite, postgresql")]
    // A connection string that would be silently ignored.
    [TestCase("sqlite", "Host=db.example", "Hotspot:Storage:ConnectionString is only used with Hotspot:Storage:Provider=postgresql")]
    // A keyword Npgsql does not know.
    [TestCase("postgresql", "Host=db.example;Pasword=s3cret", "Hotspot:Storage:ConnectionString is not a valid Npgsql connection string")]
    // No server named.
    [TestCase("postgresql", "Database=alpi;Password=s3cret", "Hotspot:Storage:ConnectionString names no Host")]
    public void WrongSettings_AreReportedWithTheirKey_AndNeverThePassword(string provider, string? connectionString, string expected)
    {
        var options = new HotspotOptions { Storage = new StorageOptions { Provider = provider, ConnectionString = connectionString } };

        var result = new StorageOptionsValidator().Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith(expected).And.NotContain("s3cret");
    }

    [Test]
    public async Task TheController_ReportsAStorageProblem_BeforeStarting()
    {
        await using var app = HotspotApplication.Create([], c => c.AddInMemoryCollection([new("Hotspot:Storage:Provider", "postgresql")]));

        HotspotApplication.ValidateConfiguration(app.Services).Should().ContainSingle().Which.Should().StartWith("Hotspot:Storage:ConnectionString is required");
    }
}
