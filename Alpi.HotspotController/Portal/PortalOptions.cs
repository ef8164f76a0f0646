namespace Alpi.HotspotController.Portal;

/// <summary>The captive portal terminals redirect browsers to (CoovaChilli UAM).</summary>
public sealed class PortalOptions
{
    /// <summary>Listening URL of the portal and the administration API. Default <c>http://127.0.0.1:8082</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8082";

    /// <summary>
    /// The UAM secret shared with the terminals (CoovaChilli <c>uamsecret</c>): it signs the landing URL (<c>md</c>)
    /// and mixes into the CHAP challenge. Empty means unsigned URLs are accepted (a warning is logged at start).
    /// </summary>
    public string UamSecret { get; set; } = "";
}
