using System.Net;
using System.Net.Sockets;

namespace Alpi.Testing;

/// <summary>Free loopback ports, found by binding port 0 and reading what the system chose.</summary>
public static class FreePort
{
    /// <summary>A TCP port free on 127.0.0.1 at the time of the call.</summary>
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A UDP port free on 127.0.0.1 at the time of the call.</summary>
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
