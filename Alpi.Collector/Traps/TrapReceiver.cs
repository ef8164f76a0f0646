using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Traps;

/// <summary>
/// The SNMP notification receiver: a UDP socket on <c>Collector:Traps:Host</c>:<c>Port</c> (162 by default, RFC 3417 §3).
/// Each datagram is decoded by <see cref="TrapMessageHandler"/>; a notification is stored in the
/// <see cref="TrapEventStore"/> (committed before an inform is acknowledged, RFC 3416 §4.2.7) and handed to the
/// <see cref="TrapPublisher"/>. Bad datagrams are counted per reason and logged at most once per source per minute.
/// When the port cannot be bound (162 needs root) the error is logged and counted and the collector keeps running.
/// </summary>
/// <remarks>Sources: RFC 3416 §4.2.6, §4.2.7; RFC 1157 §4.1.6; RFC 3414 §3.2; RFC 3584 §3.1.</remarks>
public sealed partial class TrapReceiver(
    TrapEventStore store,
    TrapPublisher publisher,
    TrapStatistics statistics,
    TrapDropLog dropLog,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<TrapReceiver> logger) : BackgroundService
{
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the socket is bound (or binding failed), so tests and readiness checks can wait for it.</summary>
    public Task Bound => _bound.Task;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await Task.WhenAny(_bound.Task, Task.Delay(TimeSpan.FromSeconds(10), timeProvider, cancellationToken));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var traps = options.Value.Traps;
        if (!traps.Enabled)
        {
            _bound.TrySetResult();
            return;
        }

        try
        {
            await RunAsync(traps, stoppingToken);
        }
        finally
        {
            statistics.Listening = false;
            _bound.TrySetResult();
        }
    }

    private async Task RunAsync(TrapReceiverOptions traps, CancellationToken stoppingToken)
    {
        TrapMessageHandler handler;
        try
        {
            await store.InitializeAsync(stoppingToken);
            var engineId = TrapProtocolNames.TryParseEngineId(traps.EngineId, out var configured) && configured.Length > 0 ? configured : TrapLocalEngine.DefaultEngineId();
            var engine = new TrapLocalEngine(engineId, await store.NextEngineBootsAsync(stoppingToken), timeProvider);
            handler = new TrapMessageHandler(traps, new TrapSourceMap(traps), new TrapUsmUsers(traps.Users), engine, timeProvider);
            var engineHex = Convert.ToHexString(engine.EngineId);
            Log.Engine(logger, engineHex, engine.Boots, traps.Users.Count);
        }
        catch (DbException e)
        {
            Log.StoreUnavailable(logger, e.Message);
            return;
        }

        var address = IPAddress.Parse(traps.Host);
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = address.Equals(IPAddress.IPv6Any);
            }

            socket.Bind(new IPEndPoint(address, traps.Port));
        }
        catch (SocketException e)
        {
            statistics.CountBindFailure();
            Log.BindFailed(logger, traps.Host, traps.Port, e.SocketErrorCode.ToString(), e.Message);
            return;
        }

        statistics.Listening = true;
        _bound.TrySetResult();
        Log.Listening(logger, traps.Host, traps.Port);
        var buffer = new byte[traps.MaxDatagramBytes + 1];
        EndPoint any = new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP port-unreachable from an earlier answer, or a truncated datagram: neither stops the loop.
                statistics.CountDropped(TrapDropReason.Oversized);
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            await HandleAsync(socket, handler, buffer, received.ReceivedBytes, remote, traps.MaxDatagramBytes, stoppingToken);
        }
    }

    private async Task HandleAsync(Socket socket, TrapMessageHandler handler, byte[] buffer, int length, IPEndPoint remote, int maxBytes, CancellationToken stoppingToken)
    {
        var source = (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address).ToString();
        if (length > maxBytes)
        {
            Drop(remote, TrapDropReason.Oversized, $"datagram longer than Collector:Traps:MaxDatagramBytes ({maxBytes})");
            return;
        }

        TrapOutcome outcome;
        try
        {
            outcome = handler.Handle(buffer.AsSpan(0, length), remote.Address);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            // Decoding never throws on bad input; if a bug makes it, one datagram is lost, not the receiver.
            Drop(remote, TrapDropReason.Malformed, e.ToString());
            return;
        }

        statistics.BerLeniencies.Add(outcome.Leniencies);
        if (outcome.DropReason is { } reason)
        {
            Drop(remote, reason, outcome.Detail ?? reason);
        }

        if (outcome.Event is { } trap)
        {
            try
            {
                var stored = await store.AddAsync(trap, stoppingToken);
                statistics.CountReceived();
                Log.Received(logger, stored.Version, stored.TrapOid, stored.Tenant, stored.Device);
                publisher.Notify();
            }
            catch (DbException e)
            {
                // Not stored: an inform stays unacknowledged so that the sender retries it.
                statistics.CountDropped(TrapDropReason.StoreFailed);
                Log.StoreFailed(logger, source, e.Message);
                return;
            }
        }

        if (outcome.Response is { } response)
        {
            try
            {
                await socket.SendToAsync(response, SocketFlags.None, remote, stoppingToken);
            }
            catch (SocketException e)
            {
                Log.AnswerFailed(logger, source, e.Message);
            }
        }
    }

    private void Drop(IPEndPoint source, string reason, string detail)
    {
        statistics.CountDropped(reason);
        dropLog.Report(source, reason, detail);
    }
}
