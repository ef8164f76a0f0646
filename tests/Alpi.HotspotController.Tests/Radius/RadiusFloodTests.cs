using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.Radius;
using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// A flood of malformed and unauthenticated datagrams at the controller's RADIUS authentication port while FreeRADIUS's
/// radclient, as a real NAS, sends valid Access-Requests: every valid request is answered, every flood datagram is
/// counted once under its drop reason, the server answers after the flood, and the managed heap stays bounded. The
/// flood is bounded in count and time and sent only to 127.0.0.1 (from 127.0.0.1, a known NAS, and from 127.0.0.2, an
/// unknown source). It is closed-loop: at most <see cref="InFlight"/> datagrams (plus one burst) are sent and not yet
/// counted, so it runs as fast as the server reads whatever the machine, and the kernel's socket buffer never overflows.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RadiusFloodTests
{
    private const int ValidRequests = 100;
    private const int MaxFloodDatagrams = 200_000;
    private const long HeapGrowthBoundBytes = 64L * 1024 * 1024;
    private const int InFlight = 50;
    private static readonly byte[] SecretBytes = Encoding.ASCII.GetBytes(RadiusHarness.Secret);
    private static readonly byte[] WrongSecret = Encoding.ASCII.GetBytes("not-the-secret");

    [Test]
    public async Task Flood_OfMalformedAndUnauthenticatedDatagrams_EveryValidRequestIsAnsweredAndMemoryStaysBounded()
    {
        await using var harness = await RadiusHarness.StartAsync();
        await harness.Get<AccountStore>().CreateAsync("flood@example.org", "flood@example.org", AccountPasswords.Hash("correct horse"), null, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        using var work = new TempDirectory("alpi-radius-flood");
        var requests = Path.Combine(work.Path, "requests.txt");
        await File.WriteAllTextAsync(requests, string.Join("\n\n", Enumerable.Range(0, ValidRequests).Select(i =>
            $"User-Name = \"flood@example.org\", User-Password = \"correct horse\", Message-Authenticator = 0x00, NAS-Port = {i}")) + "\n");

        // Warm-up (JIT, pools, the password hash), then the heap before the flood.
        (await Radclient.RunAsync(harness.AuthPort, "auth", "User-Name = \"flood@example.org\", User-Password = \"correct horse\", Message-Authenticator = 0x00")).ExitCode.Should().Be(0);
        var heapBefore = CollectedHeap();
        var statistics = harness.Statistics;
        long Counted() => RadiusDropReasonNames.All.Sum(statistics.GetDropped);
        var droppedBefore = Counted();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var flood = Task.Run(() => FloodAsync(harness.AuthPort, () => Counted() - droppedBefore, stop.Token));
        // The valid requests start once the flood is under way (radclient alone takes well under a second here).
        for (var wait = 0; wait < 300 && Counted() - droppedBefore < ValidRequests * 10 && !flood.IsCompleted; wait++)
        {
            await Task.Delay(100);
        }

        var (exit, output) = await RunRadclientFileAsync(harness.AuthPort, requests);
        await stop.CancelAsync();
        var sent = await flood;

        var answered = output.Split('\n').Count(l => l.Contains("Received Access-Accept", StringComparison.Ordinal));
        for (var wait = 0; wait < 100 && Counted() - droppedBefore < sent.Total; wait++)
        {
            await Task.Delay(100);
        }

        var dropped = RadiusDropReasonNames.All.ToDictionary(r => r, statistics.GetDropped);
        TestContext.Out.WriteLine($"flood: {sent.Total} datagrams sent ({string.Join(", ", sent.ByKind.Select(k => $"{k.Key} {k.Value}"))}); "
            + $"counted drops: {string.Join(", ", dropped.Where(d => d.Value > 0).Select(d => $"{d.Key.ToName()} {d.Value}"))}; valid answered {answered}/{ValidRequests}");

        exit.Should().Be(0, "radclient exits 0 when every request got its Access-Accept: " + Tail(output));
        answered.Should().Be(ValidRequests);
        sent.Total.Should().BeGreaterThan(ValidRequests * 10, "the valid requests went through a real flood");
        dropped[RadiusDropReason.Malformed].Should().BePositive();
        dropped[RadiusDropReason.MissingMessageAuthenticator].Should().BePositive();
        dropped[RadiusDropReason.BadMessageAuthenticator].Should().BePositive();
        dropped[RadiusDropReason.UnknownClient].Should().BePositive();
        dropped[RadiusDropReason.InternalError].Should().Be(0, "no datagram makes the server fail");
        (dropped.Values.Sum() - droppedBefore).Should().Be(sent.Total, "every flood datagram is counted once under its drop reason");
        dropped[RadiusDropReason.Overloaded].Should().Be(0, "the closed-loop flood never fills the socket's receive buffer");

        // Still serving after the flood, and the heap came back down.
        (await Radclient.RunAsync(harness.AuthPort, "auth", "User-Name = \"flood@example.org\", User-Password = \"correct horse\", Message-Authenticator = 0x00")).ExitCode.Should().Be(0);
        var heapAfter = CollectedHeap();
        TestContext.Out.WriteLine($"managed heap after a full collection: {heapBefore / 1048576.0:F1} MiB before the flood, {heapAfter / 1048576.0:F1} MiB after");
        (heapAfter - heapBefore).Should().BeLessThan(HeapGrowthBoundBytes, "what the flood left behind is bounded (drop-log and duplicate-cache entries, not every datagram)");
    }

    private static long CollectedHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// Sends, round robin until cancelled or <see cref="MaxFloodDatagrams"/>: random octets, a real request whose
    /// Length lies, an Access-Request without Message-Authenticator, one signed with the wrong secret, and a correctly
    /// signed one from 127.0.0.2, which is no NAS; after each burst, waits until at most <see cref="InFlight"/> are uncounted.
    /// </summary>
    private static async Task<FloodCount> FloodAsync(int port, Func<long> counted, CancellationToken cancellationToken)
    {
        using var known = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var unknown = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var random = new Random(20261129);
        var count = new FloodCount();
        var valid = AccessRequest(1, SecretBytes, withMessageAuthenticator: true);
        while (!cancellationToken.IsCancellationRequested && count.Total < MaxFloodDatagrams)
        {
            for (var burst = 0; burst < 50; burst++)
            {
                var kind = count.Total % 5;
                byte[] datagram;
                var client = known;
                switch (kind)
                {
                    case 0:
                        datagram = new byte[random.Next(0, 300)];
                        random.NextBytes(datagram);
                        count.Add("random");
                        break;
                    case 1:
                        datagram = (byte[])valid.Clone();
                        datagram[random.Next(20, datagram.Length)] = (byte)random.Next(256);
                        datagram[2] = (byte)random.Next(1, 256); // Length of 256 octets or more: beyond the datagram
                        count.Add("mutated");
                        break;
                    case 2:
                        datagram = AccessRequest((byte)random.Next(256), SecretBytes, withMessageAuthenticator: false);
                        count.Add("unsigned");
                        break;
                    case 3:
                        datagram = AccessRequest((byte)random.Next(256), WrongSecret, withMessageAuthenticator: true);
                        count.Add("wrong-secret");
                        break;
                    default:
                        datagram = AccessRequest((byte)random.Next(256), SecretBytes, withMessageAuthenticator: true);
                        client = unknown;
                        count.Add("unknown-source");
                        break;
                }

                await client.SendAsync(datagram, target, CancellationToken.None);
            }

            // Closed loop: no more than InFlight datagrams waiting in the socket buffer, so the kernel drops none.
            var stalled = 0;
            while (!cancellationToken.IsCancellationRequested && count.Total - counted() > InFlight && stalled++ < 500)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }

        return count;
    }

    private static byte[] AccessRequest(byte identifier, byte[] secret, bool withMessageAuthenticator)
    {
        var authenticator = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var attributes = new List<RadiusAttribute>
        {
            RadiusAttribute.FromString(RadiusAttributeType.UserName, "mallory@example.org"),
            RadiusAttribute.Create(RadiusAttributeType.UserPassword, RadiusCrypto.HidePassword("guess"u8, secret, authenticator)),
        };
        if (withMessageAuthenticator)
        {
            attributes.Insert(0, RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]));
        }

        var octets = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator, attributes));
        if (withMessageAuthenticator)
        {
            RadiusCrypto.TrySetMessageAuthenticator(octets, secret, default);
        }

        return octets;
    }

    /// <summary>radclient reading <paramref name="file"/> (requests separated by blank lines), each retried up to 5 times.</summary>
    private static async Task<(int ExitCode, string Output)> RunRadclientFileAsync(int port, string file)
    {
        var info = new ProcessStartInfo(Radclient.Executable,
            ["-x", "-r", "5", "-t", "3", "-p", "8", "-f", file, $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "auth", RadiusHarness.Secret])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(110));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    private sealed class FloodCount
    {
        public Dictionary<string, int> ByKind { get; } = new(StringComparer.Ordinal);

        public int Total { get; private set; }

        public void Add(string kind)
        {
            ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
            Total++;
        }
    }
}
