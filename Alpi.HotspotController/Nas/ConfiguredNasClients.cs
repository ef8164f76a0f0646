using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Radius;

namespace Alpi.HotspotController.Nas;

/// <summary>
/// Holds the terminals declared in <c>Hotspot:Radius:Clients</c> to the rules the administration (CLI, admin APIs)
/// holds a terminal it adds to, with the same code: the name's characters (<see cref="HotspotAdministration.NasNameError"/>),
/// its look-alikes among the clients declared before it (<see cref="NasNameLookAlikes"/>: equal but for case, or mixing
/// scripts, UTS #39 §5.1), and the address's spelling (<see cref="NasAddressSpelling"/>: no octal, hexadecimal or short
/// IPv4 forms, RFC 3986 §7.4). Run at start by <see cref="HotspotOptionsValidator"/>, so that the controller does not
/// start with a terminal it would refuse from an administrator. An empty name, a name declared twice and an address
/// that is no address at all are <see cref="RadiusOptionsValidator"/>'s to report.
/// </summary>
public static class ConfiguredNasClients
{
    /// <summary>The configuration section of the declared terminals.</summary>
    public const string Section = "Hotspot:Radius:Clients";

    /// <summary>
    /// Every problem of <paramref name="declared"/> (in configuration order), each a sentence starting with its key
    /// (<c>Hotspot:Radius:Clients:1:Name 'bоrne-1': 'о' (U+043E) is a Cyrillic letter…</c>); empty when none.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="declared"/> is null.</exception>
    public static List<string> Failures(IEnumerable<RadiusClientOptions> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var clients = declared.ToList();
        var failures = new List<string>();
        for (var i = 0; i < clients.Count; i++)
        {
            var key = $"{Section}:{i}";
            var name = clients[i].Name ?? "";
            if (!string.IsNullOrWhiteSpace(name))
            {
                var earlier = clients.Take(i).Select(c => c.Name ?? "").ToList();
                var characters = HotspotAdministration.NasNameError(name);
                var lookAlike = characters is null ? NasNameLookAlikes.Find(name, earlier) : null;
                if ((characters ?? lookAlike?.Error) is { } problem)
                {
                    failures.Add($"{key}:Name '{name}': {WithoutMember(problem)}"
                        + (lookAlike?.LookAlike is { } other ? $" (declared as {Section}:{earlier.IndexOf(other)}:Name)" : ""));
                }
            }

            if (NasAddressSpelling.Error(clients[i].Address ?? "") is { } spelling)
            {
                failures.Add($"{key}:Address: {spelling}");
            }
        }

        return failures;
    }

    private static string WithoutMember(string error) => error.StartsWith("name: ", StringComparison.Ordinal) ? error["name: ".Length..] : error;
}
