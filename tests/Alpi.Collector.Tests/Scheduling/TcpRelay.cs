using System.Net;
using System.Net.Sockets;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Scheduling;

/// <summary>
/// A TCP relay on a free 127.0.0.1 port to a target port, for a process that must lose its database at once as a
/// crashed or partitioned machine does: <see cref="Cut"/> resets every relayed connection and refuses new ones. The
/// server sees its clients gone (PostgreSQL ends their sessions, releasing their locks); the client sees errors.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly List<TcpClient> _clients = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private bool _cut;

    public TcpRelay(int target)
    {
        _target = target;
        Port = FreePort.Tcp();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The relay's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Resets every relayed connection (RST, no FIN) and stops accepting.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _cut = true;
            _stop.Cancel();
            _listener.Stop();
            foreach (var client in _clients)
            {
                try
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Close();
                }
                catch (ObjectDisposedException)
                {
                    // Already closed by the other side.
                }
            }

            _clients.Clear();
        }
    }

    public void Dispose()
    {
        Cut();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_lock)
            {
                if (_cut)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }

                _clients.Add(inbound);
                _clients.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16384];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Cut, or one side went away.
        }
    }
}
