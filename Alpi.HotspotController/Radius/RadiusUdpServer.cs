using System.Data.Common;
using System.Net.Sockets;
using System.Net;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// A RADIUS server on one UDP port: <see cref="RadiusServerOptions.MaxConcurrentRequests"/> threads each receive a
/// datagram (a blocking receive on the shared socket) and process it before receiving the next, so a request costs no
/// hand-over between threads, many are in flight, and a slow one (a password hash, a database write) holds up only its
/// own thread. As many threads as there are cores receive at a time; the others are parked, and woken (last parked
/// first) only when none is left receiving, so a steady load is served by a few threads with warm caches. When every thread is busy, datagrams wait in the socket's
/// receive buffer (<see cref="RadiusServerOptions.QueueCapacity"/>); what the kernel drops from a full buffer is counted
/// as <see cref="RadiusDropReason.Overloaded"/> (Linux, <see cref="UdpSocketDrops"/>). Each datagram goes through, in order:
/// <list type="number">
/// <item>the NAS client matching its source address (<see cref="NasClientRegistry"/>), else dropped (RFC 2865 §3);</item>
/// <item>the header (RFC 2865 §3) and a code this port serves;</item>
/// <item>the authenticators: Message-Authenticator (RFC 3579 §3.2), required in Status-Server (RFC 5997 §3) and, unless
/// the client opts out, in Access-Request (CVE-2024-3596); the Request Authenticator of Accounting-Request (RFC 2866 §3);</item>
/// <item>the attributes (RFC 2865 §5);</item>
/// <item>duplicate detection (RFC 5080 §2.2.2, <see cref="RadiusDuplicateCache"/>): a retransmission gets the cached
/// reply octets; Status-Server is always answered afresh;</item>
/// <item>Status-Server is answered here (RFC 5997 §3); other requests by <see cref="HandleAsync"/>.</item>
/// </list>
/// Every drop is silent to the NAS, counted per reason in <see cref="RadiusServerStatistics"/> and logged at most once a
/// minute per source (<see cref="RadiusDropLog"/>). Nothing a datagram contains stops a thread; stopping the host
/// closes the socket, which ends them.
/// </summary>
public abstract partial class RadiusUdpServer : BackgroundService
{
    private const int LinuxOctetsPerSmallDatagram = 830;
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NasClientRegistry _clients;
    private readonly RadiusServerStatistics _statistics;
    private readonly RadiusDropLog _dropLog;
    private readonly RadiusServerOptions _options;
    private readonly RadiusDuplicateCache _duplicates;
    private readonly Lock _turns = new();
    private readonly Stack<SemaphoreSlim> _parked = new();
    private Socket? _socket;
    private int _receiving;
    private int _receivers;
    private bool _stopping;

    /// <summary>Prepares the server; nothing is bound until the host starts it.</summary>
    /// <param name="clients">The NAS clients.</param>
    /// <param name="statistics">The counters.</param>
    /// <param name="dropLog">The throttled log of drops.</param>
    /// <param name="options">The <c>Hotspot:Radius</c> section.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The log.</param>
    protected RadiusUdpServer(NasClientRegistry clients, RadiusServerStatistics statistics, RadiusDropLog dropLog, RadiusServerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _statistics = statistics;
        _dropLog = dropLog;
        _options = options;
        TimeProvider = timeProvider;
        Logger = logger;
        _duplicates = new RadiusDuplicateCache(timeProvider, options.DuplicateCacheLifetime, options.DuplicateCacheCapacity);
    }

    /// <summary>Completes when the socket is bound, or binding failed.</summary>
    public Task Bound => _bound.Task;

    /// <summary>The bound address and port (the actual port when 0 was configured), or null before binding or after a failure.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The server's name in logs: <c>authentication</c> or <c>accounting</c>.</summary>
    protected abstract string ServerName { get; }

    /// <summary>The configured port.</summary>
    protected abstract int Port { get; }

    /// <summary>The code that answers Status-Server on this port (RFC 5997 §3): Access-Accept or Accounting-Response.</summary>
    protected abstract RadiusCode StatusServerReplyCode { get; }

    /// <summary>The clock.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>The log.</summary>
    protected ILogger Logger { get; }

    /// <summary>True for the request codes this port serves besides Status-Server.</summary>
    protected abstract bool Serves(RadiusCode code);

    /// <summary>Processes a verified, non-duplicate request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels when the host stops.</param>
    /// <returns>The reply, or a drop with its reason.</returns>
    /// <exception cref="DbException">The database failed: the request is dropped (the NAS retries) and counted as <c>store_failed</c>.</exception>
    protected abstract ValueTask<RadiusOutcome> HandleAsync(RadiusRequest request, CancellationToken cancellationToken);

    /// <summary>Starts the server and waits (at most 10 s) until its socket is bound, so that a started host answers at once.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _clients.RefreshAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Logged by the registry's next background refresh; the configured clients serve meanwhile.
        }

        await base.StartAsync(cancellationToken);
        await Task.WhenAny(_bound.Task, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider, cancellationToken));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = IPAddress.Parse(_options.BindAddress);
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = address.Equals(IPAddress.IPv6Any);
            }

            socket.Bind(new IPEndPoint(address, Port));
            socket.ReceiveBufferSize = (int)Math.Min(int.MaxValue, (long)_options.QueueCapacity * RadiusServerOptions.ReceiveBufferOctetsPerDatagram);
        }
        catch (SocketException e)
        {
            Log.BindFailed(Logger, ServerName, _options.BindAddress, Port, e.SocketErrorCode.ToString(), e.Message);
            _bound.TrySetResult();
            return;
        }

        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        var receiveBuffer = socket.ReceiveBufferSize;
        Log.Listening(Logger, ServerName, LocalEndPoint, _options.MaxConcurrentRequests, receiveBuffer, receiveBuffer / LinuxOctetsPerSmallDatagram, _options.QueueCapacity);
        var kernelDrops = UdpSocketDrops.TryOpen(socket);
        if (kernelDrops is not null)
        {
            _statistics.AddSocketDrops(this, kernelDrops.Read);
        }

        _receivers = Math.Clamp(Environment.ProcessorCount, 1, _options.MaxConcurrentRequests);
        using var wakeParked = stoppingToken.Register(WakeEveryParkedThread);
        var loops = new Task[_options.MaxConcurrentRequests];
        for (var i = 0; i < loops.Length; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    Serve(socket, stoppingToken);
                }
                finally
                {
                    done.TrySetResult();
                }
            })
            {
                IsBackground = true,
                Name = $"RADIUS {ServerName[..Math.Min(4, ServerName.Length)]} {i}", // Linux keeps 15 characters
            };
            thread.Start();
            loops[i] = done.Task;
        }

        _bound.TrySetResult();

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _socket = null;
            if (kernelDrops is not null)
            {
                _statistics.RemoveSocketDrops(this);
            }

            socket.Dispose(); // wakes the threads blocked in a receive
            await Task.WhenAll(loops);
        }
    }

    /// <summary>
    /// One of the threads: receives a datagram (blocking) and processes it before receiving the next, so a request
    /// costs no hand-over between threads; while one thread processes a slow request, the others receive. Only as many
    /// threads as there are cores wait in the receive at once (<see cref="TakeReceiveTurn"/>), the rest are parked and
    /// woken last-parked-first only when no thread is left receiving: the same few threads, their caches warm, serve
    /// a steady load, and a slow request still holds only its own. Nothing a datagram contains ends the loop; stopping
    /// the host (which closes the socket and wakes the parked threads) does.
    /// </summary>
    private void Serve(Socket socket, CancellationToken stoppingToken)
    {
        // A datagram longer than a RADIUS packet can be (RFC 2865 §3) is cut to this length (Linux reports the octets
        // kept), which changes nothing: the Length field is at most 4096, and the octets beyond it are padding.
        var buffer = GC.AllocateUninitializedArray<byte>(RadiusPacket.MaxLength);
        var source = new SocketAddress(socket.AddressFamily);
        var template = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        using var wake = new SemaphoreSlim(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!TakeReceiveTurn(wake))
            {
                // Woken with the turn taken for this thread, or because the host is stopping.
                wake.Wait(CancellationToken.None);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }

            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                // An ICMP port-unreachable from an earlier answer (Windows), a truncated datagram (Windows): neither stops the loop.
                Log.ReceiveFailed(Logger, ServerName, e.SocketErrorCode.ToString(), e.Message);
                continue;
            }
            finally
            {
                LeaveReceiveTurn();
            }

            var datagram = new Datagram(buffer.AsSpan(0, received).ToArray(), (IPEndPoint)template.Create(source), source, TimeProvider.GetUtcNow());
            try
            {
                // Most requests are answered from memory and complete at once; one that waits (a database write) holds this thread.
                ProcessAsync(datagram, stoppingToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // One request's bug must not stop the server; it is logged with its stack trace and counted.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.InternalError(Logger, e, ServerName, datagram.Source.ToString());
                Count(_clients.Find(datagram.Source.Address), RadiusDropReason.InternalError);
            }
        }
    }

    /// <summary>
    /// True when this thread may receive now (fewer than <see cref="_receivers"/> are receiving); otherwise the thread is
    /// parked with <paramref name="wake"/> and returns false, to wait for it.
    /// </summary>
    private bool TakeReceiveTurn(SemaphoreSlim wake)
    {
        lock (_turns)
        {
            if (_receiving < _receivers || _stopping)
            {
                _receiving++;
                return true;
            }

            _parked.Push(wake);
            return false;
        }
    }

    /// <summary>Ends a receive; when nobody is left receiving, hands the turn to the thread parked last.</summary>
    private void LeaveReceiveTurn()
    {
        lock (_turns)
        {
            _receiving--;
            if (_receiving == 0 && _parked.TryPop(out var parked))
            {
                _receiving++;
                parked.Release();
            }
        }
    }

    private void WakeEveryParkedThread()
    {
        lock (_turns)
        {
            _stopping = true;
            while (_parked.TryPop(out var parked))
            {
                parked.Release();
            }
        }
    }

    private async Task ProcessAsync(Datagram datagram, CancellationToken cancellationToken)
    {
        var client = await _clients.FindAsync(datagram.Source.Address, cancellationToken);
        if (client is null)
        {
            Drop(datagram, null, RadiusDropReason.UnknownClient, "no NAS client (nas add, or Hotspot:Radius:Clients) has this address");
            return;
        }

        if (!TryCheck(datagram, client, out var packet, out var reason, out var detail))
        {
            // A wrong secret may be a new one not read yet (nas add): re-read at once, at most once a second, and try it.
            if (reason is not (RadiusDropReason.BadMessageAuthenticator or RadiusDropReason.BadRequestAuthenticator)
                || await _clients.FindChangedSecretAsync(datagram.Source.Address, client, cancellationToken) is not { } changed
                || !TryCheck(datagram, changed, out packet, out _, out _))
            {
                Drop(datagram, client, reason, detail);
                return;
            }

            client = changed;
        }

        var statistics = _statistics.For(client.Name);
        statistics.Seen(datagram.ReceivedAt);
        if (packet.Code == RadiusCode.StatusServer)
        {
            // RFC 5997 §3: answered each time, never from the duplicate cache.
            statistics.CountStatusServer();
            Reply(datagram, client, packet, RadiusOutcome.Reply(StatusServerReplyCode, [], messageAuthenticator: true), cache: false);
            return;
        }

        switch (_duplicates.TryBegin(datagram.Source, packet.Identifier, packet.Authenticator.Span, out var cached))
        {
            case RadiusDuplicateCache.Status.Answered:
                statistics.CountDuplicateResent();
                Send(datagram, cached!);
                return;
            case RadiusDuplicateCache.Status.InProgress:
                Drop(datagram, client, RadiusDropReason.DuplicateInProgress, "retransmitted while the original is being processed (RFC 5080 §2.2.2)");
                return;
        }

        RadiusOutcome outcome;
        try
        {
            outcome = await HandleAsync(new RadiusRequest(client, datagram.Source, packet, datagram.ReceivedAt, statistics), cancellationToken);
        }
        catch (DbException e)
        {
            _duplicates.Abandon(datagram.Source, packet.Identifier, packet.Authenticator.Span);
            Log.StoreFailed(Logger, ServerName, datagram.Source.ToString(), e.Message);
            Count(client, RadiusDropReason.StoreFailed);
            return;
        }
        catch
        {
            _duplicates.Abandon(datagram.Source, packet.Identifier, packet.Authenticator.Span);
            throw;
        }

        if (outcome.DropReason is { } dropReason)
        {
            _duplicates.Abandon(datagram.Source, packet.Identifier, packet.Authenticator.Span);
            Drop(datagram, client, dropReason, outcome.Detail ?? dropReason.ToName());
            return;
        }

        Reply(datagram, client, packet, outcome, cache: true);
    }

    /// <summary>Steps 2 to 4: header, code, authenticators, attributes.</summary>
    private bool TryCheck(Datagram datagram, NasClientEntry client, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RadiusPacket? packet, out RadiusDropReason reason, out string detail)
    {
        packet = null;
        reason = RadiusDropReason.Malformed;
        var reader = new RadiusReader(datagram.Octets);
        if (!reader.TryReadHeader(out var code, out _, out _))
        {
            detail = $"header: {reader.Error} at offset {reader.ErrorOffset}";
            return false;
        }

        var octets = reader.Packet;
        if (code != RadiusCode.StatusServer && !Serves(code))
        {
            reason = RadiusDropReason.UnexpectedCode;
            detail = $"code {(byte)code} ({code}) is not served on the {ServerName} port";
            return false;
        }

        var messageAuthenticator = RadiusCrypto.VerifyMessageAuthenticator(octets, client.Secret, default);
        if (code == RadiusCode.AccountingRequest && !RadiusCrypto.VerifyRequestAuthenticator(octets, client.Secret))
        {
            reason = RadiusDropReason.BadRequestAuthenticator;
            detail = "the Request Authenticator does not verify (RFC 2866 §3): wrong shared secret?";
            return false;
        }

        switch (messageAuthenticator)
        {
            case RadiusMessageAuthenticatorResult.Invalid:
                reason = RadiusDropReason.BadMessageAuthenticator;
                detail = "the Message-Authenticator does not verify (RFC 3579 §3.2): wrong shared secret?";
                return false;
            case RadiusMessageAuthenticatorResult.Malformed:
                detail = "Message-Authenticator repeated, not 16 octets, or attributes malformed";
                return false;
            case RadiusMessageAuthenticatorResult.Missing when code == RadiusCode.StatusServer || (code == RadiusCode.AccessRequest && client.Client.RequireMessageAuthenticator):
                reason = RadiusDropReason.MissingMessageAuthenticator;
                detail = code == RadiusCode.StatusServer
                    ? "Status-Server without Message-Authenticator (RFC 5997 §3)"
                    : "Access-Request without Message-Authenticator (CVE-2024-3596); configure the NAS to send it, or set RequireMessageAuthenticator=false for this legacy NAS";
                return false;
        }

        if (!RadiusPacketReader.TryDecode(octets, out packet, out var error))
        {
            detail = $"attributes: {error}";
            return false;
        }

        if (messageAuthenticator == RadiusMessageAuthenticatorResult.Missing && code == RadiusCode.AccessRequest
            && packet.Find(RadiusAttributeType.ProxyState) is not null)
        {
            packet = null;
            reason = RadiusDropReason.ProxyStateWithoutMessageAuthenticator;
            detail = "Access-Request with Proxy-State but no Message-Authenticator: the Blast-RADIUS pattern (CVE-2024-3596)";
            return false;
        }

        detail = "";
        return true;
    }

    private void Reply(Datagram datagram, NasClientEntry client, RadiusPacket request, RadiusOutcome outcome, bool cache)
    {
        if (!RadiusReplyEncoder.TryEncode(request, outcome.Code, outcome.Attributes, client.Secret, outcome.MessageAuthenticator, out var reply))
        {
            if (cache)
            {
                _duplicates.Abandon(datagram.Source, request.Identifier, request.Authenticator.Span);
            }

            Drop(datagram, client, RadiusDropReason.ReplyTooLong, "the reply would exceed 4096 octets (RFC 2865 §3)");
            return;
        }

        if (cache)
        {
            _duplicates.Complete(datagram.Source, request.Identifier, request.Authenticator.Span, reply);
        }

        Send(datagram, reply);
    }

    /// <summary>
    /// Sends the reply at once from the processing thread: a UDP send on Linux copies the datagram into the socket's
    /// buffer and returns, so nothing is gained by an asynchronous send but its hand-over (it would wait only while
    /// the send buffer is full). To the source address as received, without converting it back from an IPEndPoint.
    /// </summary>
    private void Send(Datagram datagram, byte[] reply)
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.SendTo(reply, SocketFlags.None, datagram.SourceAddress);
        }
        catch (SocketException e)
        {
            Log.SendFailed(Logger, ServerName, datagram.Source.ToString(), e.Message);
        }
        catch (ObjectDisposedException)
        {
            // The host stopped meanwhile.
        }
    }

    private void Drop(Datagram datagram, NasClientEntry? client, RadiusDropReason reason, string detail)
    {
        Count(client, reason);
        _dropLog.Report(datagram.Source, client?.Name, reason, detail);
    }

    private void Count(NasClientEntry? client, RadiusDropReason reason)
    {
        if (client is null)
        {
            _statistics.CountUnattributedDrop(reason);
        }
        else
        {
            _statistics.For(client.Name).CountDrop(reason);
        }
    }

    /// <summary>A datagram being processed; <paramref name="SourceAddress"/> is its loop's, valid until the loop receives again.</summary>
    private sealed record Datagram(byte[] Octets, IPEndPoint Source, SocketAddress SourceAddress, DateTimeOffset ReceivedAt);
}
