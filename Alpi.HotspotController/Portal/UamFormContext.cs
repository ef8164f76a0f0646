using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.HotspotController.Devices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// What the login and registration forms need from a verified UAM redirect, carried in a hidden field protected
/// (encrypted and authenticated) by ASP.NET Core Data Protection, so that a form post cannot change the terminal,
/// the challenge, the device or the user URL the landing page verified.
/// </summary>
/// <param name="UamIp">The terminal's UAM address, an IP literal.</param>
/// <param name="UamPort">The terminal's UAM port.</param>
/// <param name="Challenge">The challenge, 32 hex digits.</param>
/// <param name="Mac">The device's canonical MAC, or null.</param>
/// <param name="UserUrl">The validated user URL, or null.</param>
/// <param name="NasId">The terminal's NAS-Identifier, or null.</param>
/// <param name="IssuedUnixMs">When the landing page was served, Unix milliseconds.</param>
public sealed record UamFormContext(string UamIp, int UamPort, string Challenge, string? Mac, string? UserUrl, string? NasId, long IssuedUnixMs)
{
    /// <summary>The UAM address parsed.</summary>
    [JsonIgnore]
    public IPAddress UamAddress => IPAddress.Parse(UamIp);

    /// <summary>The MAC parsed, or null.</summary>
    [JsonIgnore]
    public MacAddress? MacAddress => Devices.MacAddress.TryParse(Mac, out var mac) ? mac : null;

    /// <summary>The user URL parsed, or null.</summary>
    [JsonIgnore]
    public Uri? UserUri => SafeRedirect.TryGetUserUrl(UserUrl, out var url) ? url : null;
}

/// <summary>Source-generated JSON for the portal's own payloads.</summary>
[JsonSerializable(typeof(UamFormContext))]
[JsonSerializable(typeof(CaptivePortalStatus))]
internal sealed partial class PortalJsonContext : JsonSerializerContext;

/// <summary>Protects and reads back <see cref="UamFormContext"/> values; stale ones (older than <see cref="PortalOptions.FormLifetime"/>) are refused.</summary>
public sealed class UamFormContextProtector
{
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly IOptions<HotspotOptions> _options;

    /// <summary>Creates the protector with its own purpose string.</summary>
    public UamFormContextProtector(IDataProtectionProvider provider, TimeProvider time, IOptions<HotspotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector("Alpi.HotspotController.Portal.UamFormContext.v1");
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The hidden-field value for a verified <c>notyet</c> (or <c>failed</c>) redirect.</summary>
    /// <exception cref="ArgumentException">The redirect has no challenge.</exception>
    public string Protect(UamQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Challenge is null)
        {
            throw new ArgumentException("A form context needs the redirect's challenge.", nameof(query));
        }

        var context = new UamFormContext(query.UamIp.ToString(), query.UamPort, Convert.ToHexStringLower(query.Challenge), query.Mac?.Value,
            query.UserUrl?.AbsoluteUri, query.NasId, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return _protector.Protect(JsonSerializer.Serialize(context, PortalJsonContext.Default.UamFormContext));
    }

    /// <summary>Reads a hidden-field value back.</summary>
    /// <returns>False, without throwing, when it is missing, forged, from another key ring, malformed or stale.</returns>
    public bool TryUnprotect(string? protectedValue, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UamFormContext? context)
    {
        context = null;
        if (string.IsNullOrEmpty(protectedValue) || protectedValue.Length > 8192)
        {
            return false;
        }

        try
        {
            context = JsonSerializer.Deserialize(_protector.Unprotect(protectedValue), PortalJsonContext.Default.UamFormContext);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return false;
        }

        if (context is null
            || !UamQuery.TryParseIpLiteral(context.UamIp, out _)
            || context.Challenge.Length != UamCrypto.ChallengeLength * 2
            || _time.GetUtcNow().ToUnixTimeMilliseconds() - context.IssuedUnixMs > (long)_options.Value.Portal.FormLifetime.TotalMilliseconds)
        {
            context = null;
            return false;
        }

        return true;
    }
}
