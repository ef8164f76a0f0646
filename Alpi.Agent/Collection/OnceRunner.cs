using System.Text;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collection;

/// <summary>
/// <c>Alpi.Agent --once</c>: collects twice one second apart (so that rate and percentage collectors have a
/// delta), then writes the second round as line protocol to the given writer, as <c>telegraf --test</c>
/// does, so a technician can check an install without a broker.
/// </summary>
public sealed class OnceRunner(CollectionRound round, IOptions<AgentOptions> options, TimeProvider timeProvider)
{
    /// <summary>Runs the two rounds and writes the points; returns the number of points written.</summary>
    /// <param name="output">Where to write the line protocol (stdout).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var host = options.Value.Host;
        await round.CollectAsync(host, timeProvider.GetUtcNow(), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken);
        var points = await round.CollectAsync(host, timeProvider.GetUtcNow(), cancellationToken);
        var text = new StringBuilder();
        foreach (var point in points)
        {
            LineProtocolWriter.Write(point, text);
        }

        await output.WriteAsync(text, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return points.Count;
    }
}
