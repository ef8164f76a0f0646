using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// Warns at start when the portal accepts unsigned landing URLs (no <c>Hotspot:Portal:UamSecret</c>), and on a
/// one-machine trial when the operator named by the terms and the RGPD notice is not configured (elsewhere the
/// validator refuses to start).
/// </summary>
public sealed partial class PortalStartupCheck(IOptions<HotspotOptions> options, ILogger<PortalStartupCheck> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Portal.UamSecret.Length == 0)
        {
            NoUamSecret(logger);
        }

        if (options.Value.Portal.Privacy.MissingKeys() is { Count: > 0 } missing)
        {
            NoOperator(logger, string.Join(", ", missing.Select(k => "Hotspot:Portal:Privacy:" + k)));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Hotspot:Portal:UamSecret is empty: landing URLs are accepted unsigned and the CHAP challenge is not mixed with a secret. Set the same uamsecret on the portal and the terminals.")]
    private static partial void NoUamSecret(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Keys} not set: the portal's terms of use and personal-data notice say the operator is not configured. Set them before the portal serves terminals; the controller will not start without them then.")]
    private static partial void NoOperator(ILogger logger, string keys);
}
