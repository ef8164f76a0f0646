using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Alpi.BenchCommon;
using Alpi.HotspotController;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;

// Access-Requests per second with FreeRADIUS's radclient as the load generator, against FreeRADIUS 3.2 (files module,
// same users) and against our controller, alternating, on free loopback ports; prints medians, the ratio, and each
// server's CPU time per request (ours includes this harness's own: starting radclient, reading its output).
//   dotnet run -c Release --project bench/Alpi.RadiusBench -- [runs=5] [requests=20000] [inFlight=256] [copies=32]
// radclient sends a file of `copies` requests `requests / copies` times, each entry of the file in flight at most once.
// Its own work per reply grows with the file: with 1,000 or 256 copies both servers stopped at the same ~5,000/s, the
// limit of radclient itself; with 100, 64, 32 or 20 FreeRADIUS reached 17,000-28,000/s (bench/README.md, "RADIUS: the
// load generator was the limit"). So at most `copies` requests are in flight.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20000;
var inFlight = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
var copies = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
if (runs < 1 || inFlight < 1 || copies < 1 || requests < copies)
{
    Console.Error.WriteLine($"RadiusBench: runs ({runs}), inFlight ({inFlight}) and copies ({copies}) must be at least 1, and requests ({requests}) at least copies.");
    return 2;
}

const string Secret = "bench-secret";
const string Login = "alice@example.org";
const string Password = "correct horse battery";
const string Mac = "AA-BB-CC-DD-EE-01";

using var data = new TempDirectory("alpi-radius-bench");
var database = new HotspotDatabase(Path.Combine(data.Path, "hotspot.db"));
await database.MigrateAsync(CancellationToken.None);
var account = (await new AccountStore(database).CreateAsync(Login, Login, AccountPasswords.Hash(Password), null, TimeProvider.System.GetUtcNow(), CancellationToken.None))!;
await new DeviceStore(database).RegisterAsync(MacAddress.Parse(Mac), account.Id, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(90), 5, CancellationToken.None);
await new NasClientStore(database).UpsertAsync(new NasClient { Name = "bench", Address = "127.0.0.1", Secret = Secret }, CancellationToken.None);

// Each request file holds `copies` identical requests; radclient repeats the file -c times.
var loads = new[]
{
    ("PAP", $"User-Name = \"{Login}\", User-Password = \"{Password}\", Message-Authenticator = 0x00"),
    ("MAC", $"User-Name = \"{Mac}\", User-Password = \"{Mac}\", Calling-Station-Id = \"{Mac}\", Message-Authenticator = 0x00"),
};

using var peer = await FreeRadiusServer.StartAsync(Secret, [(Login, Password), (Mac, Mac)]);
var ourPort = FreePort.Udp();
await using var ours = HotspotApplication.Create([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Hotspot:DataDirectory"] = data.Path,
    ["Hotspot:Radius:AuthPort"] = ourPort.ToString(CultureInfo.InvariantCulture),
    ["Hotspot:Radius:AcctPort"] = FreePort.Udp().ToString(CultureInfo.InvariantCulture),
    ["Hotspot:Portal:Url"] = $"http://127.0.0.1:{FreePort.Tcp()}",
    ["Hotspot:Telemetry:Enabled"] = "false", // no collector here: no line protocol to publish, no warning between the rows
    ["Logging:LogLevel:Default"] = "Warning",
}));
await ours.StartAsync();

Console.WriteLine($"radclient load: {requests / copies * copies} Access-Requests per run ({requests / copies} x a file of {copies}), {Math.Min(inFlight, copies)} in flight, {runs} runs (+1 warm-up), Message-Authenticator on both sides, {LoadAverage.Text()}");
var table = new Table("load", "FreeRADIUS req/s (median, min–max)", "Alpi req/s (median, min–max)", "ratio", "lost (peer/ours)", "CPU µs/request (peer/ours)", "CPU ratio");
foreach (var (name, request) in loads)
{
    var file = Path.Combine(data.Path, name + ".req");
    await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat(request + "\n\n", copies)));
    var theirs = new List<double>();
    var mine = new List<double>();
    var theirCpu = new List<double>();
    var myCpu = new List<double>();
    long theirLost = 0, ourLost = 0;
    for (var run = 0; run <= runs; run++)
    {
        var (peerRate, peerLost, peerMicros) = await LoadAsync(file, requests / copies, peer.AuthPort, () => peer.TotalProcessorTime);
        var (ourRate, lost, ourMicros) = await LoadAsync(file, requests / copies, ourPort, () => Environment.CpuUsage.TotalTime);
        if (run == 0)
        {
            continue; // warm-up: JIT, caches
        }

        theirs.Add(peerRate);
        mine.Add(ourRate);
        theirCpu.Add(peerMicros);
        myCpu.Add(ourMicros);
        theirLost += peerLost;
        ourLost += lost;
    }

    var (peerStats, ourStats) = (Stats.Of(theirs), Stats.Of(mine));
    var (peerCpu, ourCpu) = (Stats.Of(theirCpu).Median, Stats.Of(myCpu).Median);
    table.Row(name, Table.Range(peerStats), Table.Range(ourStats), Table.N(ourStats.Median / peerStats.Median, 2), $"{theirLost}/{ourLost}",
        $"{Table.N(peerCpu, 1)} / {Table.N(ourCpu, 1)}", Table.N(peerCpu / ourCpu, 2));
}

Console.Write(table);
await ours.StopAsync();
return 0;

// The rate, the requests lost, and the server's CPU time per accepted request in microseconds (user and system, from
// serverCpu before and after the run): less sensitive than the rate to what else the machine's cores are doing.
async Task<(double Rate, long Lost, double CpuMicros)> LoadAsync(string file, int repeat, int port, Func<TimeSpan> serverCpu)
{
    var info = new ProcessStartInfo("radclient")
    {
        ArgumentList = { "-c", repeat.ToString(CultureInfo.InvariantCulture), "-p", inFlight.ToString(CultureInfo.InvariantCulture), "-r", "3", "-t", "2", "-f", file, "-q", "-s", $"127.0.0.1:{port}", "auth", Secret },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var cpuBefore = serverCpu();
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    var error = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var seconds = clock.Elapsed.TotalSeconds;
    var cpu = serverCpu() - cpuBefore;
    var accepted = Count(output, "Accepted");
    var lost = Count(output, "Lost");
    if (accepted == 0)
    {
        throw new InvalidOperationException($"radclient against port {port} accepted nothing:\n{output}\n{error}");
    }

    return (accepted / seconds, lost, cpu.TotalMicroseconds / accepted);
}

static long Count(string output, string label)
{
    var match = Regex.Match(output, label + @"\s*:\s*(\d+)");
    return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
}
