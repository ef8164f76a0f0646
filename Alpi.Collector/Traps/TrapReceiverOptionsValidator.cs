using System.Net;
using System.Text;
using Alpi.Protocols.Mqtt;
using Alpi.Protocols.Snmp.V3;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Traps;

/// <summary>
/// Checks <see cref="CollectorOptions.Traps"/> at start and reports every problem at once, each naming its key
/// (<c>Collector:Traps:Users:0:AuthPassword</c>). Runs beside <see cref="CollectorOptionsValidator"/>.
/// </summary>
/// <remarks>Sources: RFC 3411 §5 (SnmpEngineID, 5 to 32 octets; SnmpAdminString user names up to 32 octets); RFC 3414 §11.2 (passwords of at least 8 characters); RFC 3417 §3 (484-octet minimum message size).</remarks>
internal sealed class TrapReceiverOptionsValidator : IValidateOptions<CollectorOptions>
{
    /// <summary>The longest retention accepted, days (100 years: beyond, the cut-off date is meaningless).</summary>
    internal const int MaxRetentionDays = 36_500;

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var errors = Validate(options.Traps);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="traps"/>, each starting with its configuration key.</summary>
    internal static List<string> Validate(TrapReceiverOptions traps)
    {
        const string s = CollectorOptions.SectionName + ":Traps";
        var errors = new List<string>();

        // Retention applies to the stored events even with the receiver disabled.
        if (traps.RetentionDays is < 1 or > MaxRetentionDays)
        {
            errors.Add($"{s}:RetentionDays {traps.RetentionDays} must be between 1 and {MaxRetentionDays}.");
        }

        if (traps.MaxEvents < 1)
        {
            errors.Add($"{s}:MaxEvents {traps.MaxEvents} must be at least 1.");
        }

        if (traps.PurgeInterval < TimeSpan.FromMinutes(1) || traps.PurgeInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:PurgeInterval {traps.PurgeInterval} must be between 00:01:00 and 1.00:00:00.");
        }

        if (!traps.Enabled)
        {
            return errors;
        }

        if (!IPAddress.TryParse(traps.Host, out _))
        {
            errors.Add($"{s}:Host \"{traps.Host}\" must be an IP address (0.0.0.0 for all IPv4 interfaces, :: for all).");
        }

        if (traps.Port is < 1 or > 65535)
        {
            errors.Add($"{s}:Port {traps.Port} must be between 1 and 65535.");
        }

        if (traps.MaxDatagramBytes is < 484 or > 65535)
        {
            errors.Add($"{s}:MaxDatagramBytes {traps.MaxDatagramBytes} must be between 484 and 65535.");
        }

        if (!AlpiTopic.IsValidLevel(traps.DefaultTenant))
        {
            errors.Add($"{s}:DefaultTenant \"{traps.DefaultTenant}\" must be one topic level without '/', '+', '#'.");
        }

        if (traps.EngineId is not null && !IsValidEngineId(traps.EngineId, required: true))
        {
            errors.Add($"{s}:EngineId \"{traps.EngineId}\" must be 5 to 32 octets in hex (0x80001f8804…).");
        }

        var communities = traps.AcceptedCommunities;
        for (var i = 0; i < communities.Count; i++)
        {
            if (string.IsNullOrEmpty(communities[i]))
            {
                errors.Add($"{s}:Communities:{i} must not be empty (an empty Communities list accepts any community).");
            }
        }

        for (var i = 0; i < traps.Users.Count; i++)
        {
            ValidateUser($"{s}:Users:{i}", traps.Users[i], errors);
        }

        for (var i = 0; i < traps.Sources.Count; i++)
        {
            var source = traps.Sources[i];
            if (!IPNetwork.TryParse(source.Cidr, out _))
            {
                errors.Add($"{s}:Sources:{i}:Cidr \"{source.Cidr}\" must be an address range in CIDR notation (10.0.0.0/8).");
            }

            if (!AlpiTopic.IsValidLevel(source.Tenant))
            {
                errors.Add($"{s}:Sources:{i}:Tenant \"{source.Tenant}\" must be one topic level without '/', '+', '#'.");
            }

            if (source.Device is not null && !AlpiTopic.IsValidLevel(source.Device))
            {
                errors.Add($"{s}:Sources:{i}:Device \"{source.Device}\" must be one topic level without '/', '+', '#'.");
            }
        }

        return errors;
    }

    private static void ValidateUser(string key, TrapUserOptions user, List<string> errors)
    {
        var nameLength = Encoding.UTF8.GetByteCount(user.UserName ?? "");
        if (nameLength is < 1 or > 32)
        {
            errors.Add($"{key}:UserName must be 1 to 32 octets.");
        }

        if (!IsValidEngineId(user.EngineId, required: false))
        {
            errors.Add($"{key}:EngineId \"{user.EngineId}\" must be empty (any engine) or 5 to 32 octets in hex.");
        }

        var authKnown = TrapProtocolNames.TryParseAuth(user.AuthProtocol, out var auth);
        if (!authKnown)
        {
            errors.Add($"{key}:AuthProtocol \"{user.AuthProtocol}\" must be None, MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512.");
        }

        var privKnown = TrapProtocolNames.TryParsePriv(user.PrivProtocol, out var priv);
        if (!privKnown)
        {
            errors.Add($"{key}:PrivProtocol \"{user.PrivProtocol}\" must be None, DES, AES, AES-192 or AES-256.");
        }
        else if (priv != SnmpPrivProtocol.None && authKnown && auth == SnmpAuthProtocol.None)
        {
            errors.Add($"{key}:PrivProtocol {user.PrivProtocol} requires an AuthProtocol (RFC 3414 §3.1: no privacy without authentication).");
        }

        if (authKnown && auth != SnmpAuthProtocol.None && (user.AuthPassword?.Length ?? 0) < UsmKeys.MinimumPasswordLength)
        {
            errors.Add($"{key}:AuthPassword must be at least {UsmKeys.MinimumPasswordLength} characters.");
        }

        if (privKnown && priv != SnmpPrivProtocol.None && (user.PrivPassword?.Length ?? 0) < UsmKeys.MinimumPasswordLength)
        {
            errors.Add($"{key}:PrivPassword must be at least {UsmKeys.MinimumPasswordLength} characters.");
        }

        if (!Enum.TryParse<UsmKeyExtension>(user.KeyExtension, ignoreCase: true, out _))
        {
            errors.Add($"{key}:KeyExtension \"{user.KeyExtension}\" must be Blumenthal or Reeder.");
        }
    }

    private static bool IsValidEngineId(string? hex, bool required) =>
        TrapProtocolNames.TryParseEngineId(hex, out var id) && (id.Length is >= 5 and <= 32 || (!required && id.Length == 0));
}
