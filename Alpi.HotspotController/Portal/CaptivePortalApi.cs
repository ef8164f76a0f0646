using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.HotspotController.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>The RFC 8908 §5 API state: the JSON object served as <c>application/captive+json</c>.</summary>
public sealed record CaptivePortalStatus
{
    /// <summary><c>captive</c> (required): true while the client must go through the portal.</summary>
    [JsonPropertyName("captive")]
    public required bool Captive { get; init; }

    /// <summary><c>user-portal-url</c>: the page a person opens to log in (RFC 8908 asks for https in production).</summary>
    [JsonPropertyName("user-portal-url")]
    public string? UserPortalUrl { get; init; }

    /// <summary><c>venue-info-url</c>: a page about the venue (the portal's terms of use here).</summary>
    [JsonPropertyName("venue-info-url")]
    public string? VenueInfoUrl { get; init; }

    /// <summary><c>can-extend-session</c>: false, a session is extended by logging in again.</summary>
    [JsonPropertyName("can-extend-session")]
    public bool? CanExtendSession { get; init; }
}

/// <summary>
/// The RFC 8908 Captive Portal API endpoint, <c>GET /portal/api/captive[?nasid=NAS-Identifier]</c>, whose URI the
/// terminal advertises to its clients with DHCP option 114 (RFC 8910; CoovaChilli: <c>dhcpopt</c>).
/// <para>
/// How the client is known: a DHCP option is the same for every client of a terminal, so the URI cannot name the
/// client; the API identifies it by the request's source address, matched against the open accounting sessions
/// (Framed-IP-Address, and the terminal's NAS-Identifier when the URI gives <c>nasid</c>, as CoovaChilli's URLs do:
/// <see cref="SessionStore.HasOpenSessionAsync"/>). An open session answers
/// <c>captive: false</c>; anything else <c>captive: true</c>. When the terminal NATs its clients towards the
/// portal, the source is the terminal and no session matches: the answer is then always <c>captive: true</c>,
/// which only makes the client offer the portal page (which says "already connected"); serve the API from the
/// terminal's network side (no NAT, or the portal reachable on the clients' subnet) for an exact answer.
/// </para>
/// </summary>
public sealed class CaptivePortalApi(SessionStore sessions, IOptions<HotspotOptions> options)
{
    /// <summary>The media type of RFC 8908 §5.</summary>
    public const string MediaType = "application/captive+json";

    /// <summary>Answers the request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nasId = context.Request.Query["nasid"].ToString();
        if (nasId.Length > UamQuery.MaxTextLength || nasId.Any(char.IsControl))
        {
            nasId = "";
        }

        var connected = context.Connection.RemoteIpAddress is { } ip
            && await sessions.HasOpenSessionAsync((ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString(), nasId, context.RequestAborted);
        var origin = PortalOrigin(context.Request, options.Value.Portal);
        var status = new CaptivePortalStatus
        {
            Captive = !connected,
            UserPortalUrl = origin + "/",
            VenueInfoUrl = origin + "/portal/terms",
            CanExtendSession = false,
        };
        context.Response.ContentType = MediaType;
        context.Response.Headers.CacheControl = "private, no-store";
        await context.Response.WriteAsync(JsonSerializer.Serialize(status, PortalJsonContext.Default.CaptivePortalStatus), context.RequestAborted);
    }

    /// <summary>The portal's origin for links: <see cref="PortalOptions.PublicUrl"/>, else the request's scheme and host.</summary>
    public static string PortalOrigin(HttpRequest request, PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(portal);
        return portal.PublicUrl.Length > 0 ? portal.PublicUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host.Value}";
    }
}
