using System.Globalization;
using System.Text;
using Alpi.Agent.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>Batches and backlogs for the buffer tests: each batch one line <c>t,host=h n=&lt;n&gt;i</c>, padded to a chosen size.</summary>
internal static class BacklogFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A batch whose payload carries <paramref name="n"/> and is exactly <paramref name="bytes"/> long (at least 40).</summary>
    public static MetricBatch Batch(int n, int bytes = 100, int points = 1)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"t,host=h n={n}i,pad=\"");
        var suffix = string.Create(CultureInfo.InvariantCulture, $"\" {(Start.ToUnixTimeMilliseconds() + n) * 1_000_000}\n");
        var pad = Math.Max(0, bytes - line.Length - suffix.Length);
        return new MetricBatch(Encoding.UTF8.GetBytes(line + new string('x', pad) + suffix), points, Start.AddSeconds(n));
    }

    /// <summary>The <c>n</c> a batch of <see cref="Batch"/> carries.</summary>
    public static int NumberOf(MetricBatch batch)
    {
        var text = Encoding.UTF8.GetString(batch.Payload.Span);
        var start = text.IndexOf(" n=", StringComparison.Ordinal) + 3;
        return int.Parse(text.AsSpan(start, text.IndexOf('i', start) - start), CultureInfo.InvariantCulture);
    }

    public static AgentOptions Options(string dataDirectory, double maxMiB = 64, int queueLimit = 8640, AgentBufferKind kind = AgentBufferKind.Disk) => new()
    {
        Tenant = "acme",
        Host = "srv1",
        DataDirectory = dataDirectory,
        QueueLimit = queueLimit,
        Buffer = new AgentBufferOptions { Kind = kind, MaxMiB = maxMiB },
    };

    public static MetricBacklog Backlog(AgentOptions options, ILogger<MetricBacklog>? logger = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<MetricBacklog>.Instance);

    /// <summary>Leases, acknowledges and returns the numbers of every queued batch, oldest first.</summary>
    public static List<int> Drain(MetricBacklog backlog)
    {
        var numbers = new List<int>();
        while (backlog.TryLeaseOldest(out var batch))
        {
            numbers.Add(NumberOf(batch.Batch));
            backlog.Acknowledge(batch);
        }

        return numbers;
    }
}
