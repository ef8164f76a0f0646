using Alpi.Testing;
using Microsoft.Extensions.Configuration;

namespace Alpi.HotspotController.Tests;

public class HotspotApplicationTests
{
    [Test]
    public async Task TheController_WithPostgreSqlUnreachable_ExitsWith1NamingTheDatabaseButNotThePassword()
    {
        var port = FreePort.Tcp();
        await using var app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            new("Hotspot:Storage:Provider", "postgresql"),
            new("Hotspot:Storage:ConnectionString", $"Host=127.0.0.1;Port={port};Database=alpi_hotspot;Username=alpi;Password=s3cret;Timeout=2"),
            new("Hotspot:Portal:Url", $"http://127.0.0.1:{FreePort.Tcp()}"),
            new("Hotspot:Radius:AuthPort", "0"),
            new("Hotspot:Radius:AcctPort", "0"),
        ]));
        using var error = new StringWriter();

        var code = await HotspotApplication.RunAsync(app, error);

        code.Should().Be(1);
        error.ToString().Should().StartWith($"Alpi.HotspotController cannot start: the PostgreSQL database alpi_hotspot on 127.0.0.1:{port} cannot be used (")
            .And.NotContain("s3cret");
    }

    [Test]
    public async Task TheController_WithAConfiguredTerminalItsAdministrationWouldRefuse_ReportsItAtStartNamingTheKey()
    {
        var directory = Directory.CreateTempSubdirectory("alpi-hotspot-");
        await using var app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            new("Hotspot:DataDirectory", directory.FullName),
            new("Hotspot:Radius:Clients:0:Name", "borne-1"),
            new("Hotspot:Radius:Clients:0:Address", "192.0.2.1"),
            new("Hotspot:Radius:Clients:0:Secret", "sixteen-octets!!"),
            new("Hotspot:Radius:Clients:1:Name", "bornе-1"), // Cyrillic е (U+0435): a new user's check saw it started with
            new("Hotspot:Radius:Clients:1:Address", "010.0.0.2"),
            new("Hotspot:Radius:Clients:1:Secret", "sixteen-octets!!"),
        ]));

        var problems = HotspotApplication.ValidateConfiguration(app.Services);
        directory.Delete(recursive: true);

        problems.Should().Contain(p => p.StartsWith("Hotspot:Radius:Clients:1:Name 'bornе-1': 'е' (U+0435)", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("Hotspot:Radius:Clients:1:Address: '010.0.0.2'", StringComparison.Ordinal));
    }

    [Test]
    public async Task TheController_WithADurationAsABareNumberBesideAValueThatDoesNotConvert_ReportsBoth()
    {
        // A new user's check: FormLifetime=2, meant as hours, was read by .NET as 2 days and accepted; and the binder
        // stopped at the first value it could not convert, hiding the others.
        await using var app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            new("Hotspot:Portal:FormLifetime", "2"),
            new("Hotspot:Radius:AuthPort", "radius"),
            new("Hotspot:Radius:DuplicateCacheLifetime", "00:00:30"),
        ]));

        var problems = HotspotApplication.ValidateConfiguration(app.Services);

        problems.Should().Contain("Hotspot:Portal:FormLifetime: \"2\" is a bare number, which .NET reads as 2 days: write 00:00:02 for 2 seconds, 00:02:00 for 2 minutes or 2.00:00:00 for 2 days")
            .And.Contain(p => p.StartsWith("Hotspot:Radius:AuthPort: \"radius\" is not a whole number", StringComparison.Ordinal))
            .And.NotContain(p => p.Contains("DuplicateCacheLifetime", StringComparison.Ordinal) || p.Contains("Failed to convert", StringComparison.Ordinal));
    }
}
