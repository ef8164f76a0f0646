using System.Net;
using System.Net.Sockets;
using System.Text;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// How <see cref="RadiusUdpServer"/> shares its <see cref="RadiusServerOptions.MaxConcurrentRequests"/> receive loops
/// between requests, with a server whose <c>HandleAsync</c> is scripted by the User-Name: <c>hash</c> holds its thread
/// (as a password hash does), <c>write</c> awaits (as a database write does), <c>bug</c> throws, anything else is
/// accepted at once. Signed Access-Requests from 127.0.0.1, a configured NAS client.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RadiusUdpServerTests
{
    private const string Secret = "loops-secret";
    private static readonly byte[] SecretBytes = Encoding.ASCII.GetBytes(Secret);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    // Four threads: more than the receiving ones on a machine of two or three cores, so parked threads are woken.
    [TestCase("hash", 4, TestName = "SlowRequestsThatHoldTheirThread_LeaveTheOtherThreadsAnswering")]
    [TestCase("write", 4, TestName = "SlowRequestsThatAwait_LeaveTheOtherThreadsAnswering")]
    // Sixteen: each held request makes the receiving threads wake parked ones, last parked first, down to the last.
    [TestCase("hash", 16, TestName = "FifteenSlowRequestsOfSixteenThreads_LeaveTheLastThreadAnswering")]
    public async Task SlowRequests_LeaveTheOtherThreadsAnswering(string slow, int threads)
    {
        await using var server = await ScriptedServer.StartAsync(maxConcurrentRequests: threads);
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        for (byte i = 0; i < threads - 1; i++)
        {
            await SendAsync(nas, server.BoundPort, identifier: i, slow);
        }

        await server.WaitUntilHeldAsync(threads - 1);
        for (byte i = 100; i < 120; i++)
        {
            await SendAsync(nas, server.BoundPort, identifier: i, "quick");
            (await ReceiveAsync(nas, ReplyTimeout)).Should().Be(i, "all threads but one are held; that one answers");
        }

        server.Release();
        var released = new List<byte>();
        for (var i = 0; i < threads - 1; i++)
        {
            released.Add((await ReceiveAsync(nas, ReplyTimeout))!.Value);
        }

        released.Order().Should().Equal(Enumerable.Range(0, threads - 1).Select(i => (byte)i), "the slow requests are answered once they finish");
    }

    [Test]
    public async Task WhenEveryLoopIsHeld_TheNextRequestWaitsInTheSocketBuffer_AndIsAnsweredAfterwards()
    {
        await using var server = await ScriptedServer.StartAsync(maxConcurrentRequests: 2);
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await SendAsync(nas, server.BoundPort, identifier: 1, "hash");
        await SendAsync(nas, server.BoundPort, identifier: 2, "write");
        await server.WaitUntilHeldAsync(2);

        await SendAsync(nas, server.BoundPort, identifier: 3, "quick");

        (await ReceiveAsync(nas, TimeSpan.FromSeconds(1))).Should().BeNull("both loops are held: at most MaxConcurrentRequests are processed at once");
        server.Release();
        var answered = new List<byte>();
        for (var i = 0; i < 3; i++)
        {
            answered.Add((await ReceiveAsync(nas, ReplyTimeout))!.Value);
        }

        answered.Order().Should().Equal([1, 2, 3]);
        server.Statistics.GetDropped(RadiusDropReason.Overloaded).Should().Be(0, "the socket's buffer held the waiting datagram");
    }

    [Test]
    public async Task WhenTheSocketBufferIsFull_TheKernelDropsAreCountedAsOverloaded()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the kernel's per-socket drop count is read from Linux's /proc/net/udp");
        }

        await using var server = await ScriptedServer.StartAsync(maxConcurrentRequests: 1, queueCapacity: 1);
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await SendAsync(nas, server.BoundPort, identifier: 0, "hash");
        await server.WaitUntilHeldAsync(1);

        for (byte i = 1; i <= 50; i++)
        {
            await SendAsync(nas, server.BoundPort, identifier: i, "quick");
        }

        var overloaded = server.Statistics.GetDropped(RadiusDropReason.Overloaded);
        server.Release();
        var answered = 0;
        while (await ReceiveAsync(nas, TimeSpan.FromSeconds(2)) is not null)
        {
            answered++;
        }

        TestContext.Out.WriteLine($"{answered} answered (the held one included), {overloaded} dropped by the kernel");
        overloaded.Should().BePositive("a buffer sized for one request cannot hold fifty");
        (answered + overloaded).Should().Be(51, "every datagram is either answered or counted");
        server.Statistics.GetDropped(RadiusDropReason.Overloaded).Should().Be(overloaded, "nothing was dropped after the release");
    }

    [Test]
    public async Task RequestsThatFail_AreCountedAsInternalErrors_AndEveryLoopCarriesOn()
    {
        await using var server = await ScriptedServer.StartAsync(maxConcurrentRequests: 2);
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        for (byte i = 0; i < 10; i++)
        {
            await SendAsync(nas, server.BoundPort, identifier: i, "bug");
        }

        for (byte i = 20; i < 30; i++)
        {
            await SendAsync(nas, server.BoundPort, identifier: i, "quick");
            (await ReceiveAsync(nas, ReplyTimeout)).Should().Be(i, "the two threads met ten failures between them and went on");
        }

        server.Statistics.GetDropped(RadiusDropReason.InternalError).Should().Be(10);
    }

    [Test]
    public async Task ADatagramLongerThanAnyRadiusPacket_IsReadUpToItsLength_TheRestIsPadding()
    {
        await using var server = await ScriptedServer.StartAsync(maxConcurrentRequests: 2);
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = AccessRequest(7, "quick");
        var padded = new byte[5000]; // RFC 2865 §3: octets beyond the Length field are padding, ignored on reception
        request.CopyTo(padded, 0);

        await nas.SendAsync(padded, new IPEndPoint(IPAddress.Loopback, server.BoundPort));

        (await ReceiveAsync(nas, ReplyTimeout)).Should().Be(7);
        server.Statistics.GetDropped(RadiusDropReason.Malformed).Should().Be(0);
    }

    [Test]
    public async Task Stopping_WhileRequestsAreHeld_EndsEveryLoopAndFreesThePort()
    {
        var server = await ScriptedServer.StartAsync(maxConcurrentRequests: 3);
        var port = server.BoundPort;
        using (var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await SendAsync(nas, port, identifier: 1, "hash");
            await SendAsync(nas, port, identifier: 2, "write");
            await server.WaitUntilHeldAsync(2);
        }

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Invoking(s => s.Bind(new IPEndPoint(IPAddress.Loopback, port))).Should().NotThrow("the stopped server closed its socket");
    }

    private static async Task SendAsync(UdpClient nas, int port, byte identifier, string userName) =>
        await nas.SendAsync(AccessRequest(identifier, userName), new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>The Identifier of the next reply (an Access-Accept), or null after <paramref name="timeout"/>; a receive timed out takes no later reply.</summary>
    private static async Task<byte?> ReceiveAsync(UdpClient nas, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var reply = (await nas.ReceiveAsync(cancel.Token)).Buffer;
            RadiusPacketReader.TryDecode(reply, out var packet, out _).Should().BeTrue();
            packet!.Code.Should().Be(RadiusCode.AccessAccept);
            return packet.Identifier;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static byte[] AccessRequest(byte identifier, string userName)
    {
        var octets = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccessRequest, identifier, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16),
        [
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.FromString(RadiusAttributeType.UserName, userName),
        ]));
        RadiusCrypto.TrySetMessageAuthenticator(octets, SecretBytes, default).Should().BeTrue();
        return octets;
    }

    /// <summary>A RADIUS server on a free port whose requests are decided by their User-Name (see the fixture).</summary>
    private sealed class ScriptedServer : RadiusUdpServer, IAsyncDisposable
    {
        private readonly HotspotTestDatabase _database;
        private readonly NasClientRegistry _clients;
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        private ScriptedServer(HotspotTestDatabase database, NasClientRegistry clients, RadiusServerStatistics statistics, RadiusServerOptions options)
            : base(clients, statistics, new RadiusDropLog(TimeProvider.System, NullLogger<RadiusDropLog>.Instance), options, TimeProvider.System, NullLogger.Instance)
        {
            _database = database;
            _clients = clients;
            Statistics = statistics;
        }

        public RadiusServerStatistics Statistics { get; }

        public int BoundPort => LocalEndPoint!.Port;

        protected override string ServerName => "scripted";

        protected override int Port => 0;

        protected override RadiusCode StatusServerReplyCode => RadiusCode.AccessAccept;

        public static async Task<ScriptedServer> StartAsync(int maxConcurrentRequests, int queueCapacity = 4_096)
        {
            var database = await HotspotTestDatabase.CreateAsync();
            var options = new RadiusServerOptions
            {
                MaxConcurrentRequests = maxConcurrentRequests,
                QueueCapacity = queueCapacity,
                Clients = [new RadiusClientOptions { Name = "nas", Address = "127.0.0.1", Secret = Secret }],
            };
            var clients = new NasClientRegistry(new NasClientStore(database.Database), Options.Create(new HotspotOptions { Radius = options }), TimeProvider.System, NullLogger<NasClientRegistry>.Instance);
            var server = new ScriptedServer(database, clients, new RadiusServerStatistics(), options);
            await server.StartAsync(CancellationToken.None);
            server.LocalEndPoint.Should().NotBeNull("the server bound a free port");
            return server;
        }

        public async Task WaitUntilHeldAsync(int count)
        {
            for (var wait = 0; Volatile.Read(ref _held) < count; wait++)
            {
                wait.Should().BeLessThan(1000, $"{count} requests should be held within 10 s");
                await Task.Delay(10);
            }
        }

        public void Release()
        {
            _release.Set();
            _released.TrySetResult();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync(CancellationToken.None);
            Dispose();
            _release.Dispose();
            _clients.Dispose();
            await _database.DisposeAsync();
        }

        protected override bool Serves(RadiusCode code) => code == RadiusCode.AccessRequest;

        protected override async ValueTask<RadiusOutcome> HandleAsync(RadiusRequest request, CancellationToken cancellationToken)
        {
            switch (Encoding.UTF8.GetString(request.Packet.Find(RadiusAttributeType.UserName)!.Value.Span))
            {
                case "hash":
                    Interlocked.Increment(ref _held);
                    _release.Wait(cancellationToken);
                    break;
                case "write":
                    Interlocked.Increment(ref _held);
                    await _released.Task.WaitAsync(cancellationToken);
                    break;
                case "bug":
                    throw new InvalidOperationException("a scripted bug");
            }

            return RadiusOutcome.Reply(RadiusCode.AccessAccept, [], messageAuthenticator: true);
        }
    }
}
