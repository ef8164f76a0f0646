using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Alpi.Testing;

/// <summary>
/// Free loopback ports, found by binding port 0 and reading what the system chose. A port is handed out at most once
/// per test process (per protocol): the system may choose again a port just released, and two calls in a row (a
/// RADIUS server's authentication and accounting ports) then got the same one (a clean-clone run failed so once).
/// </summary>
public static class FreePort
{
    private const int Attempts = 100;
    private static readonly ConcurrentDictionary<int, bool> HandedTcp = new();
    private static readonly ConcurrentDictionary<int, bool> HandedUdp = new();

    /// <summary>A TCP port free on 127.0.0.1 at the time of the call, not handed out before by this process.</summary>
    public static int Tcp() => Unused(HandedTcp, () =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    });

    /// <summary>A UDP port free on 127.0.0.1 at the time of the call, not handed out before by this process.</summary>
    public static int Udp() => Unused(HandedUdp, () =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    });

    /// <summary>The first port <paramref name="pick"/> gives that is not in <paramref name="handed"/> (the last one after 100 tries).</summary>
    private static int Unused(ConcurrentDictionary<int, bool> handed, Func<int> pick)
    {
        var port = pick();
        for (var i = 1; i < Attempts && !handed.TryAdd(port, true); i++)
        {
            port = pick();
        }

        return port;
    }
}
