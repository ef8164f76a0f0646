using System.Net;
using System.Text.RegularExpressions;
using Alpi.Dashboard;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// How a real collector serves the dashboard's page and files: the page revalidated at each visit, the files it uses
/// under the build's version segment and cached for a year, its script one bundle (no module left to fetch).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed partial class DashboardAssetsTests
{
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task Start() => _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Test]
    public async Task Page_IsRevalidated_AndAddressesEveryFileUnderTheBuildsVersion()
    {
        using var page = await _collector.Http.GetAsync(new Uri("/", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.CacheControl!.NoCache.Should().BeTrue();
        var html = await page.Content.ReadAsStringAsync();

        var addresses = AssetAddress().Matches(html).Select(m => m.Groups[1].Value).ToList();
        addresses.Should().Contain([$"/assets/{DashboardEndpoints.Version}/app.js", $"/assets/{DashboardEndpoints.Version}/app.css"]);
        addresses.Should().OnlyContain(a => a.StartsWith($"/assets/{DashboardEndpoints.Version}/", StringComparison.Ordinal),
            "an unversioned address would be revalidated at every visit");
        DashboardEndpoints.Version.Should().MatchRegex("^[0-9a-f]{32}$");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        (await _collector.Http.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Test]
    public async Task VersionedFiles_AreKeptAYear_AndTheScriptIsOneBundleWithItsSourceMap()
    {
        foreach (var file in new[] { "app.js", "app.css", "uPlot.min.css", "leaflet.js", "leaflet.css", "app.js.map" })
        {
            using var answer = await _collector.Http.GetAsync(new Uri($"/assets/{DashboardEndpoints.Version}/{file}", UriKind.Relative));
            answer.StatusCode.Should().Be(HttpStatusCode.OK, file);
            var caching = answer.Headers.CacheControl!;
            caching.Private.Should().BeTrue(file);
            caching.MaxAge.Should().Be(TimeSpan.FromDays(365), file);
            caching.Extensions.Select(e => e.Name).Should().Contain("immutable", file);
        }

        var script = await _collector.Http.GetStringAsync(new Uri($"/assets/{DashboardEndpoints.Version}/app.js", UriKind.Relative));
        script.Should().NotMatchRegex("""(import|from)\s*["']\./""", "every module is in the bundle");
        script.Should().Contain("Vue d'ensemble", "the labels are bundled, in UTF-8").And.Contain("u-legend", "the chart library (uPlot) is bundled");
        script.Should().EndWith("//# sourceMappingURL=app.js.map\n");
        using var map = await _collector.Http.GetAsync(new Uri($"/assets/{DashboardEndpoints.Version}/app.js.map", UriKind.Relative));
        map.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await map.Content.ReadAsStringAsync()).Should().Contain("wwwroot/oncall.js");
    }

    [Test]
    public async Task AnotherVersion_GetsTodaysFileRevalidated_AndAMissingFileIsNotCached()
    {
        // A tab opened before an upgrade that loads the map's script later.
        using var old = await _collector.Http.GetAsync(new Uri("/assets/0123456789abcdef0123456789abcdef/leaflet.js", UriKind.Relative));
        old.StatusCode.Should().Be(HttpStatusCode.OK);
        old.Headers.CacheControl!.NoCache.Should().BeTrue();
        old.Headers.CacheControl.ToString().Should().NotContain("immutable");

        using var missing = await _collector.Http.GetAsync(new Uri($"/assets/{DashboardEndpoints.Version}/nothing.js", UriKind.Relative));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (missing.Headers.CacheControl?.ToString() ?? "").Should().NotContain("immutable");

        using var module = await _collector.Http.GetAsync(new Uri($"/assets/{DashboardEndpoints.Version}/oncall.js", UriKind.Relative));
        module.StatusCode.Should().Be(HttpStatusCode.NotFound, "the modules are served in the bundle only");
    }

    [Test]
    public async Task PageScriptAndStyles_AreCompressedAsAsked_TheApiIsNot()
    {
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = _collector.Http.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = _collector.Http.DefaultRequestHeaders.Authorization;
        var plain = await _collector.Http.GetByteArrayAsync(new Uri($"/assets/{DashboardEndpoints.Version}/app.js", UriKind.Relative));

        foreach (var (encoding, decode) in new (string, Func<Stream, Stream>)[]
        {
            ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionMode.Decompress)),
            ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress)),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/assets/{DashboardEndpoints.Version}/app.js");
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var answer = await raw.SendAsync(request);
            answer.Content.Headers.ContentEncoding.Should().Equal(encoding);
            answer.Headers.Vary.Should().Contain("Accept-Encoding");
            var compressed = await answer.Content.ReadAsByteArrayAsync();
            compressed.Length.Should().BeLessThan(plain.Length / 2, $"{encoding} of a minified script");
            using var decoded = new MemoryStream();
            await decode(new MemoryStream(compressed)).CopyToAsync(decoded);
            decoded.ToArray().Should().Equal(plain);
        }

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/hosts");
        api.Headers.AcceptEncoding.ParseAdd("br");
        using var hosts = await raw.SendAsync(api);
        hosts.StatusCode.Should().Be(HttpStatusCode.OK);
        hosts.Content.Headers.ContentEncoding.Should().BeEmpty("API answers are never compressed");
    }

    [GeneratedRegex("""(?:href|src)="(/assets/[^"]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AssetAddress();
}
