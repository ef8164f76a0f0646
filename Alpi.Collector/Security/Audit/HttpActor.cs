using System.Security.Claims;
using Alpi.Collector.Security.Accounts;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Security.Audit;

/// <summary>The audit actor of an HTTP request: the signed-in name (<c>(anonymous)</c> when none) and the client's address.</summary>
public static class HttpActor
{
    /// <summary>The actor of <paramref name="http"/>.</summary>
    public static AuditActor Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new AuditActor(http.User.FindFirstValue(ClaimTypes.Name) ?? "(anonymous)", AddressOf(http));
    }

    /// <summary>
    /// The client's IP address as the server saw it (an IPv4-mapped IPv6 address as IPv4), or null. Behind a reverse proxy
    /// this is the proxy's, unless forwarded headers are processed before this runs.
    /// </summary>
    public static string? AddressOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        return address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
