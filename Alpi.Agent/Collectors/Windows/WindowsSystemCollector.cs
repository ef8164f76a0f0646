using System.Runtime.Versioning;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>
/// Uptime and CPU count on Windows, under Telegraf's <c>system</c> names: measurement <c>system</c>, integer fields
/// <c>n_cpus</c> (<see cref="Environment.ProcessorCount"/>, logical processors) and <c>uptime</c> (whole seconds since
/// boot, from <see cref="Environment.TickCount64"/>). Windows has no load average; it and <c>n_users</c> are not reported.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsSystemCollector : IMetricCollector
{
    /// <inheritdoc />
    public string Name => "system";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Add(new LinePoint(
            "system",
            [],
            [
                new("n_cpus", FieldValue.Integer(Environment.ProcessorCount)),
                new("uptime", FieldValue.Integer(Environment.TickCount64 / 1000)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
