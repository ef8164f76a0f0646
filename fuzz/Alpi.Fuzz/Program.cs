using SharpFuzz;

namespace Alpi.Fuzz;

/// <summary>
/// <c>Alpi.Fuzz TARGET</c>: runs TARGET in SharpFuzz's persistent mode under afl-fuzz, one input per execution on
/// standard input; outside afl-fuzz it runs the one input on standard input once, so that a saved crash replays with
/// <c>dotnet Alpi.Fuzz.dll TARGET &lt; crash-file</c> and its exception is printed. Targets: snmp, radius, lineprotocol, uam.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 1 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: Alpi.Fuzz <{string.Join('|', Targets.All.Keys)}> < input");
            return 2;
        }

        Fuzzer.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            target(memory.ToArray());
        });
        return 0;
    }
}
