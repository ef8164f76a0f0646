using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>Warns at start when the portal accepts unsigned landing URLs (no <c>Hotspot:Portal:UamSecret</c>).</summary>
public sealed partial class PortalStartupCheck(IOptions<HotspotOptions> options, ILogger<PortalStartupCheck> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Portal.UamSecret.Length == 0)
        {
            NoUamSecret(logger);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Hotspot:Portal:UamSecret is empty: landing URLs are accepted unsigned and the CHAP challenge is not mixed with a secret. Set the same uamsecret on the portal and the terminals.")]
    private static partial void NoUamSecret(ILogger logger);
}
