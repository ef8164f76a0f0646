using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Dashboard;

/// <summary>
/// Compression of the dashboard's page, script and styles (ASP.NET Core's response compression middleware): Brotli
/// (RFC 7932) or gzip (RFC 1952) as the browser's <c>Accept-Encoding</c> asks (RFC 9110 §12.5.3), with
/// <c>Vary: Accept-Encoding</c>. The script bundle goes from about 160 KB to about 55–60 KB, what a phone on a mobile network
/// downloads at a technician's first visit (the browser then keeps it: <see cref="DashboardEndpoints.Version"/>).
/// Only <c>text/html</c>, <c>text/javascript</c> and <c>text/css</c> are compressed: the API's answers and event
/// streams are not (no answer that mixes a secret with what a request chose is ever compressed, the BREACH condition),
/// and neither are small answers or ones already encoded.
/// </summary>
public static class DashboardCompression
{
    /// <summary>The media types compressed.</summary>
    public static IReadOnlyList<string> MediaTypes { get; } = ["text/html", "text/javascript", "text/css"];

    /// <summary>
    /// Registers the middleware's options (the host calls <c>app.UseResponseCompression()</c> before its endpoints);
    /// also over HTTPS, since none of these answers holds a secret.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddAlpiDashboardCompression(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = MediaTypes;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // The script is compressed once per browser (it is then cached a year), so the better ratio is worth its cost.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }
}
