using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;

namespace Alpi.Agent.SnmpCommand;

/// <summary>
/// Runs <c>Alpi.Agent snmp …</c> for a technician checking a device from the agent's machine, printing one
/// <c>.OID = TYPE: value</c> line per varbind as net-snmp's tools do with <c>-On</c>, and net-snmp's error lines.
/// Exit code 0 on success (and for <c>--help</c>, <c>-h</c> or <c>help</c>, which print the usage), 1 when the device did not
/// answer or answered with an error, 2 on a bad command line.
/// </summary>
public static class SnmpCommandRunner
{
    /// <summary>Parses and runs the command.</summary>
    /// <param name="args">The arguments after <c>snmp</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is ["--help"] or ["-h"] or ["help"])
        {
            await output.WriteLineAsync(SnmpCommandLine.Usage);
            return 0;
        }

        var command = SnmpCommandLine.TryParse(args, out var problem);
        if (command is null)
        {
            await error.WriteLineAsync($"snmp: {problem}");
            await error.WriteLineAsync(SnmpCommandLine.Usage);
            return 2;
        }

        await using var client = new SnmpClient();
        IReadOnlyList<Varbind> varbinds;
        SnmpResult? failure;
        switch (command.Command)
        {
            case "get":
            case "getnext":
                var result = command.Command == "get"
                    ? await client.GetAsync(command.Target, command.Oids, cancellationToken)
                    : await client.GetNextAsync(command.Target, command.Oids, cancellationToken);
                varbinds = result.Varbinds;
                failure = result.Status == SnmpStatus.Ok ? null : result;
                break;
            default:
                var walk = await client.WalkAsync(command.Target, command.Oids[0],
                    new SnmpWalkOptions(UseBulk: command.Command == "bulkwalk", MaxRepetitions: command.MaxRepetitions), cancellationToken);
                varbinds = walk.Varbinds;
                failure = walk.Failure;
                break;
        }

        foreach (var varbind in varbinds)
        {
            await output.WriteLineAsync(varbind.ToString());
        }

        if (failure is null)
        {
            return 0;
        }

        await error.WriteLineAsync(failure.Status switch
        {
            SnmpStatus.Timeout => $"Timeout: No Response from {command.Target.EndPoint}.",
            SnmpStatus.ErrorStatus => $"Error in packet. Reason: {failure.ErrorStatus} (index {failure.ErrorIndex})",
            // USM reports (RFC 3414 §3.2), worded as net-snmp's tools word them, then the report itself.
            SnmpStatus.AuthenticationFailed => $"Authentication failure (incorrect password, community or key): wrong -A or -a for this user? ({failure})",
            SnmpStatus.UnknownUser => $"Unknown user name: the agent has no user \"{command.Target.User?.UserName}\" ({failure})",
            SnmpStatus.DecryptionFailed => $"Decryption error: wrong -X or -x for this user? ({failure})",
            SnmpStatus.UnsupportedSecurityLevel => $"Unsupported security level: user \"{command.Target.User?.UserName}\" does not allow -l {command.Target.User?.Level} ({failure})",
            _ => failure.ToString(),
        });
        return 1;
    }
}
