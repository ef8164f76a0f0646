using System.Globalization;
using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Agent.SnmpCommand;

/// <summary>
/// The parsed arguments of <c>Alpi.Agent snmp get|getnext|walk|bulkwalk</c>, with net-snmp's flags:
/// <c>-v 1|2c|3 -c COMMUNITY -u USER -l noAuthNoPriv|authNoPriv|authPriv -a MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512
/// -A PASS -x DES|AES|AES-192|AES-256|AES-192-C|AES-256-C -X PASS -Cr N -t SECONDS -r RETRIES</c>, then
/// <c>host[:port]</c> and numeric OIDs. Source: net-snmp's snmpcmd(1) manual.
/// </summary>
/// <param name="Command">get, getnext, walk or bulkwalk.</param>
/// <param name="Target">Where and how to ask.</param>
/// <param name="Oids">The OIDs (walks: the root, default 1.3.6.1.2.1).</param>
/// <param name="MaxRepetitions">GetBulk max-repetitions (<c>-Cr</c>, default 10).</param>
public sealed record SnmpCommandLine(string Command, SnmpTarget Target, IReadOnlyList<Oid> Oids, int MaxRepetitions)
{
    /// <summary>The usage text printed on a bad command line.</summary>
    public const string Usage = """
        usage: Alpi.Agent snmp get|getnext|walk|bulkwalk [options] host[:port] [OID ...]
          -v 1|2c|3          SNMP version (default 2c)
          -c COMMUNITY       community for v1/v2c (default public)
          -u USER            v3 user name
          -l LEVEL           noAuthNoPriv|authNoPriv|authPriv
          -a PROTOCOL        MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512
          -A PASSPHRASE      authentication pass phrase
          -x PROTOCOL        DES|AES|AES-192|AES-256|AES-192-C|AES-256-C (-C: Cisco key extension)
          -X PASSPHRASE      privacy pass phrase
          -Cr N              max-repetitions of bulkwalk (default 10)
          -t SECONDS         time-out per attempt (default 1)
          -r RETRIES         retries (default 5)
        OIDs are numeric (1.3.6.1.2.1.1.1.0); no MIB files are read.
        """;

    /// <summary>Parses the arguments after <c>snmp</c>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="error">What is wrong with them, naming the flag, when the result is null.</param>
    public static SnmpCommandLine? TryParse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        if (args.Count == 0 || args[0] is not ("get" or "getnext" or "walk" or "bulkwalk"))
        {
            error = "the first word must be get, getnext, walk or bulkwalk";
            return null;
        }

        string version = "2c", community = "public", level = "noAuthNoPriv";
        string? user = null, authProtocol = null, authPass = null, privProtocol = null, privPass = null;
        int maxRepetitions = 10, retries = 5;
        double timeout = 1;
        var positional = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.Length < 2)
            {
                positional.Add(arg);
                continue;
            }

            // net-snmp accepts both "-c public" and "-cpublic".
            var flag = arg.StartsWith("-C", StringComparison.Ordinal) && arg.Length >= 3 ? arg[..3] : arg[..2];
            var value = arg.Length > flag.Length ? arg[flag.Length..] : (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"{flag} needs a value";
                return null;
            }

            switch (flag)
            {
                case "-v": version = value; break;
                case "-c": community = value; break;
                case "-u": user = value; break;
                case "-l": level = value; break;
                case "-a": authProtocol = value; break;
                case "-A": authPass = value; break;
                case "-x": privProtocol = value; break;
                case "-X": privPass = value; break;
                case "-Cr" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0: maxRepetitions = n; break;
                case "-t" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0: timeout = t; break;
                case "-r" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var r): retries = r; break;
                default:
                    error = $"unknown option or bad value: {flag} {value}";
                    return null;
            }
        }

        if (positional.Count == 0)
        {
            error = "the agent address (host[:port]) is missing";
            return null;
        }

        if (!TryParseEndPoint(positional[0], out var endPoint))
        {
            error = $"\"{positional[0]}\" is not host[:port] with a numeric IPv4 or [IPv6] address, or localhost";
            return null;
        }

        var oids = new List<Oid>();
        foreach (var text in positional.Skip(1))
        {
            if (!Oid.TryParse(text, out var oid))
            {
                error = $"\"{text}\" is not a numeric OID";
                return null;
            }

            oids.Add(oid);
        }

        var command = args[0];
        if (oids.Count == 0)
        {
            if (command is "get" or "getnext")
            {
                error = $"{command} needs at least one OID";
                return null;
            }

            oids.Add(Oid.Parse("1.3.6.1.2.1"));
        }

        SnmpVersion snmpVersion;
        switch (version)
        {
            case "1": snmpVersion = SnmpVersion.V1; break;
            case "2c": snmpVersion = SnmpVersion.V2c; break;
            case "3": snmpVersion = SnmpVersion.V3; break;
            default:
                error = $"-v {version}: the version must be 1, 2c or 3";
                return null;
        }

        SnmpV3User? v3User = null;
        if (snmpVersion == SnmpVersion.V3)
        {
            v3User = TryParseUser(user, level, authProtocol, authPass, privProtocol, privPass, out error);
            if (v3User is null)
            {
                return null;
            }
        }

        var target = new SnmpTarget(endPoint, snmpVersion, community, v3User, TimeSpan.FromSeconds(timeout), retries);
        return new SnmpCommandLine(command, target, oids, maxRepetitions);
    }

    internal static SnmpV3User? TryParseUser(string? user, string level, string? auth, string? authPass, string? priv, string? privPass, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(user))
        {
            error = "-u USER is required with -v 3";
            return null;
        }

        SnmpSecurityLevel securityLevel;
        switch (level.ToLowerInvariant())
        {
            case "noauthnopriv": securityLevel = SnmpSecurityLevel.NoAuthNoPriv; break;
            case "authnopriv": securityLevel = SnmpSecurityLevel.AuthNoPriv; break;
            case "authpriv": securityLevel = SnmpSecurityLevel.AuthPriv; break;
            default:
                error = $"-l {level}: the level must be noAuthNoPriv, authNoPriv or authPriv";
                return null;
        }

        var authProtocol = SnmpAuthProtocol.None;
        if (securityLevel != SnmpSecurityLevel.NoAuthNoPriv)
        {
            SnmpAuthProtocol? parsed = (auth ?? "MD5").ToUpperInvariant() switch
            {
                "MD5" => SnmpAuthProtocol.HmacMd5_96,
                "SHA" or "SHA1" or "SHA-1" => SnmpAuthProtocol.HmacSha1_96,
                "SHA-224" or "SHA224" => SnmpAuthProtocol.HmacSha224_128,
                "SHA-256" or "SHA256" => SnmpAuthProtocol.HmacSha256_192,
                "SHA-384" or "SHA384" => SnmpAuthProtocol.HmacSha384_256,
                "SHA-512" or "SHA512" => SnmpAuthProtocol.HmacSha512_384,
                _ => null,
            };
            if (parsed is null)
            {
                error = $"-a {auth}: the protocol must be MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512";
                return null;
            }

            authProtocol = parsed.Value;
            if (authPass is null || authPass.Length < 8)
            {
                error = "-A PASSPHRASE of at least 8 characters is required for authNoPriv and authPriv";
                return null;
            }
        }

        var privProtocol = SnmpPrivProtocol.None;
        var extension = UsmKeyExtension.Blumenthal;
        if (securityLevel == SnmpSecurityLevel.AuthPriv)
        {
            (SnmpPrivProtocol, UsmKeyExtension)? parsed = (priv ?? "DES").ToUpperInvariant() switch
            {
                "DES" => (SnmpPrivProtocol.Des, UsmKeyExtension.Blumenthal),
                "AES" or "AES128" or "AES-128" => (SnmpPrivProtocol.Aes128, UsmKeyExtension.Blumenthal),
                "AES192" or "AES-192" => (SnmpPrivProtocol.Aes192, UsmKeyExtension.Blumenthal),
                "AES256" or "AES-256" => (SnmpPrivProtocol.Aes256, UsmKeyExtension.Blumenthal),
                "AES-192-C" or "AES192C" => (SnmpPrivProtocol.Aes192, UsmKeyExtension.Reeder),
                "AES-256-C" or "AES256C" => (SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder),
                _ => null,
            };
            if (parsed is null)
            {
                error = $"-x {priv}: the protocol must be DES, AES, AES-192, AES-256, AES-192-C or AES-256-C";
                return null;
            }

            (privProtocol, extension) = parsed.Value;
            if (privPass is null || privPass.Length < 8)
            {
                error = "-X PASSPHRASE of at least 8 characters is required for authPriv";
                return null;
            }
        }

        return new SnmpV3User(user, securityLevel, authProtocol, authPass, privProtocol, privPass, extension);
    }

    internal static bool TryParseEndPoint(string text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        var host = text;
        var port = 161;
        if (text.StartsWith("udp:", StringComparison.OrdinalIgnoreCase))
        {
            host = text[4..];
        }

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            if (close + 1 < host.Length && (host[close + 1] != ':' || !int.TryParse(host[(close + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)))
            {
                return false;
            }

            host = host[1..close];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            var colon = host.IndexOf(':', StringComparison.Ordinal);
            if (!int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return false;
            }

            host = host[..colon];
        }

        if (port is < 1 or > 65535)
        {
            return false;
        }

        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
