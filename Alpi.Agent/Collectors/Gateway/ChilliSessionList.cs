using System.Globalization;

namespace Alpi.Agent.Collectors.Gateway;

/// <summary>Session counts read from <c>chilli_query list</c>.</summary>
/// <param name="Clients">Every listed client (one line each, whatever its state).</param>
/// <param name="Authenticated">Clients in state <c>pass</c>: logged in, traffic passes.</param>
/// <param name="Captive">Clients in state <c>dnat</c>: not logged in, web traffic redirected to the portal.</param>
internal readonly record struct ChilliSessionCounts(int Clients, int Authenticated, int Captive);

/// <summary>
/// Counts the lines of <c>chilli_query list</c> (chilli_query(1), CoovaChilli <c>chilli.c</c>): one client per line,
/// <c>MAC IP STATE SESSION-ID AUTH USER DURATION/MAX IDLE/MAX IN/MAX OUT/MAX MAX-TOTAL SWAP BW-UP BW-DOWN URL</c>, e.g.
/// <c>B8-27-EB-05-C8-61 192.168.180.1 pass 5aa96c5500000001 1 user@example.org 276/14440 0/3600 500373/0 15722895/0 0 1 0%/0 0%/0 http://example.org/</c>.
/// Only the state (third field) is read: the MAC and IP addresses and user names are personal data and are never kept.
/// </summary>
internal static class ChilliSessionList
{
    /// <summary>Counts the clients per state.</summary>
    /// <param name="text">The command's standard output.</param>
    /// <param name="source">The command as written in problem messages.</param>
    /// <param name="problems">Receives one message per line that is not a client line (fewer than three fields, or a first field that is not a MAC address); such lines are not counted.</param>
    public static ChilliSessionCounts Count(string text, string source, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        int clients = 0, authenticated = 0, captive = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || !IsMac(fields[0]))
            {
                // The line itself may hold a user name: only its position is reported.
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}, line {i + 1}: not a client line (MAC IP STATE …)"));
                continue;
            }

            clients++;
            switch (fields[2])
            {
                case "pass":
                    authenticated++;
                    break;
                case "dnat":
                    captive++;
                    break;
                default:
                    break;
            }
        }

        return new ChilliSessionCounts(clients, authenticated, captive);
    }

    private static bool IsMac(string text)
    {
        // chilli prints %.2X-%.2X-…; accept ':' too.
        if (text.Length != 17)
        {
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            var ok = i % 3 == 2 ? text[i] is '-' or ':' : char.IsAsciiHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
