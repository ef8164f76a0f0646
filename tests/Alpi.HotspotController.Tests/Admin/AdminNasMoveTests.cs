using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alpi.HotspotController.Tests.Radius;
using Alpi.Protocols.Radius;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Alpi.HotspotController.Tests.Admin;

/// <summary>
/// A terminal moved to another address through the controller's admin API (<c>PUT /api/admin/nas/{name}</c>) and then
/// removed (<c>DELETE</c>), with a terminal's RADIUS client at each address (127.0.0.8, then 127.0.0.9).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class AdminNasMoveTests
{
    private const string AdminToken = "admin-token-0123456789abcdef0123456789";
    private const string Secret = "moved-terminal-secret";
    private static readonly IPAddress Before = IPAddress.Parse("127.0.0.8");
    private static readonly IPAddress After = IPAddress.Parse("127.0.0.9");
    private HotspotTestDatabase _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private int _authPort;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync();
        var url = $"http://127.0.0.1:{FreePort.Tcp()}";
        _authPort = FreePort.Udp();
        _app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            new("Hotspot:DataDirectory", _db.DataDirectory),
            new("Hotspot:Portal:Url", url),
            new("Hotspot:Radius:BindAddress", "127.0.0.1"),
            new("Hotspot:Radius:AuthPort", _authPort.ToString(CultureInfo.InvariantCulture)),
            new("Hotspot:Radius:AcctPort", FreePort.Udp().ToString(CultureInfo.InvariantCulture)),
            // No periodic re-read during the test: what the servers know after a change is what the change made them read.
            new("Hotspot:Radius:ClientRefreshInterval", "00:10:00"),
            new("Hotspot:Admin:Tokens:0:Name", "ops-alice"),
            new("Hotspot:Admin:Tokens:0:Token", AdminToken),
            new("Hotspot:Admin:Tokens:0:Role", "admin"),
        ]));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    // The registry re-read the database at most once a second for an unknown source, and a known one only every
    // ClientRefreshInterval: right after a move the first request from the new address was dropped, and the old address
    // still served; after a removal the terminal was still served.
    [Test]
    public async Task PutMovingATerminal_AndDelete_DecideTheVeryNextRequest()
    {
        using var before = new TestRadiusClient(Before, _authPort, Secret, "borne-deplacee");
        using var after = new TestRadiusClient(After, _authPort, Secret, "borne-deplacee");
        await PutAsync(Before);
        (await AnsweredAsync(before, retries: 3)).Should().BeTrue("the terminal is served at its first address");

        await PutAsync(After);

        (await AnsweredAsync(after)).Should().BeTrue("the first request from the new address is served");
        (await AnsweredAsync(before)).Should().BeFalse("the old address is no longer a terminal");

        using (var delete = await _http.DeleteAsync(new Uri("/api/admin/nas/borne-deplacee", UriKind.Relative)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        (await AnsweredAsync(after)).Should().BeFalse("a removed terminal is no longer served");
    }

    private async Task PutAsync(IPAddress address)
    {
        using var put = await _http.PutAsJsonAsync(new Uri("/api/admin/nas/borne-deplacee", UriKind.Relative), new { address = address.ToString(), secret = Secret });
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
    }

    /// <summary>True when an Access-Request from <paramref name="client"/> is answered (an unknown device: rejected, but answered); false when dropped.</summary>
    private static async Task<bool> AnsweredAsync(TestRadiusClient client, int retries = 0)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await client.MacAuthenticateAsync("02-00-00-00-0A-01")).Code.Should().Be(RadiusCode.AccessReject);
                return true;
            }
            catch (TimeoutException) when (attempt < retries)
            {
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
