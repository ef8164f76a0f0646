using System.Net.NetworkInformation;
using System.Runtime.Versioning;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>
/// Interface counters on Windows from <see cref="NetworkInterface.GetIPStatistics"/>, under Telegraf's <c>net</c>
/// names: measurement <c>net</c>, tag <c>interface</c> (the connection name), unsigned integer fields
/// <c>bytes_sent</c>, <c>bytes_recv</c> (bytes), <c>packets_sent</c>, <c>packets_recv</c> (unicast + non-unicast),
/// <c>err_in</c>, <c>err_out</c>, <c>drop_in</c>, <c>drop_out</c> (packets). Loopback and interfaces that are not up
/// are left out.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsNetCollector : IMetricCollector
{
    /// <inheritdoc />
    public string Name => "net";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || nic.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }

            var s = nic.GetIPStatistics();
            sink.Add(new LinePoint(
                "net",
                [new("interface", nic.Name)],
                [
                    new("bytes_sent", FieldValue.UInteger((ulong)s.BytesSent)),
                    new("bytes_recv", FieldValue.UInteger((ulong)s.BytesReceived)),
                    new("packets_sent", FieldValue.UInteger((ulong)(s.UnicastPacketsSent + s.NonUnicastPacketsSent))),
                    new("packets_recv", FieldValue.UInteger((ulong)(s.UnicastPacketsReceived + s.NonUnicastPacketsReceived))),
                    new("err_in", FieldValue.UInteger((ulong)s.IncomingPacketsWithErrors)),
                    new("err_out", FieldValue.UInteger((ulong)s.OutgoingPacketsWithErrors)),
                    new("drop_in", FieldValue.UInteger((ulong)s.IncomingPacketsDiscarded)),
                    new("drop_out", FieldValue.UInteger((ulong)s.OutgoingPacketsDiscarded)),
                ],
                null));
        }

        return ValueTask.CompletedTask;
    }
}
