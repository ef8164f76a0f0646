using System.Net;
using Alpi.Agent.SnmpCommand;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>Turns a device's options into the <see cref="SnmpTarget"/> the manager queries, naming each problem by its key.</summary>
internal static class SnmpDeviceTarget
{
    /// <summary>
    /// Builds the address and target of <paramref name="device"/>, adding one message per problem to <paramref name="errors"/>
    /// with the key below <paramref name="prefix"/> (<c>Snmp:Devices:0</c>). The target's end point is the address's IP
    /// address, or the unspecified address for a DNS name: the poller replaces it at each poll with what
    /// <see cref="SnmpAddressResolver"/> resolves.
    /// </summary>
    /// <returns>The address and target, or null when a problem was added.</returns>
    public static (SnmpDeviceAddress Address, SnmpTarget Target)? TryCreate(SnmpDeviceOptions device, string prefix, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (!SnmpDeviceAddress.TryParse(device.Address, out var address))
        {
            errors.Add($"{prefix}:Address \"{device.Address}\" must be host[:port] with an IP address ([IPv6]:port) or a DNS name, port 1-65535.");
        }

        SnmpVersion? version = device.Version switch
        {
            "1" => SnmpVersion.V1,
            "2c" or "2" => SnmpVersion.V2c,
            "3" => SnmpVersion.V3,
            _ => null,
        };
        if (version is null)
        {
            errors.Add($"{prefix}:Version \"{device.Version}\" must be 1, 2c or 3.");
        }

        SnmpV3User? user = null;
        if (version == SnmpVersion.V3)
        {
            var level = device.PrivProtocol is { Length: > 0 } ? "authPriv" : device.AuthProtocol is { Length: > 0 } ? "authNoPriv" : "noAuthNoPriv";
            user = SnmpCommandLine.TryParseUser(device.User, level, device.AuthProtocol, device.AuthPassword, device.PrivProtocol, device.PrivPassword, out var problem);
            if (user is null)
            {
                var key = problem switch
                {
                    _ when problem!.StartsWith("-u", StringComparison.Ordinal) => "User",
                    _ when problem.StartsWith("-a", StringComparison.Ordinal) => "AuthProtocol",
                    _ when problem.StartsWith("-A", StringComparison.Ordinal) => "AuthPassword",
                    _ when problem.StartsWith("-x", StringComparison.Ordinal) => "PrivProtocol",
                    _ => "PrivPassword",
                };
                errors.Add($"{prefix}:{key}: {problem![(problem.IndexOf(' ', StringComparison.Ordinal) + 1)..]}.");
            }
        }
        else if (version is not null && string.IsNullOrEmpty(device.Community))
        {
            errors.Add($"{prefix}:Community must be set for version {device.Version}.");
        }

        if (device.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:Timeout {device.Timeout} must be positive.");
        }

        if (device.Retries is < 0 or > 10)
        {
            errors.Add($"{prefix}:Retries {device.Retries} must be between 0 and 10.");
        }

        return errors.Count == before
            ? (address, new SnmpTarget(new IPEndPoint(address.Literal ?? IPAddress.Any, address.Port), version!.Value, device.Community ?? "", user, device.Timeout, device.Retries))
            : null;
    }
}
