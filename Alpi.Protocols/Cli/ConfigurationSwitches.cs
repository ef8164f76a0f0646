namespace Alpi.Protocols.Cli;

/// <summary>
/// Separates configuration switches from a command line, for the daemons' administration commands
/// (<c>Alpi.Collector</c>'s <c>users …</c>, <c>Alpi.HotspotController</c>'s <c>nas …</c>), which accept the same
/// <c>--Section:Key=value</c> or <c>--Section:Key value</c> switches as the daemon itself (the syntax of
/// Microsoft.Extensions.Configuration's command-line provider).
/// </summary>
public static class ConfigurationSwitches
{
    /// <summary>
    /// Splits <paramref name="args"/> into the command (verbs, options and operands, in order) and the configuration
    /// switches: each argument starting with <c>--</c> and one of <paramref name="sections"/> followed by <c>:</c>
    /// (case-insensitive), with its value when written as the next argument (no <c>=</c>).
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="sections">The configuration sections whose switches are taken out, such as <c>Collector</c> and <c>Logging</c>.</param>
    /// <returns>The command's arguments and the configuration switches, each in their original order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (string[] Command, string[] Configuration) Split(string[] args, params string[] sections)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(sections);
        var command = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (IsSwitch(args[i], sections))
            {
                configuration.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                command.Add(args[i]);
            }
        }

        return ([.. command], [.. configuration]);
    }

    private static bool IsSwitch(string arg, string[] sections)
    {
        foreach (var section in sections)
        {
            if (arg.StartsWith("--" + section + ":", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
