using System.Globalization;

namespace Alpi.Collector.Relational;

/// <summary>
/// Names a claimant of shared rows (outbox notifications, trap events to publish) among the collectors of one
/// database: <c>host/pid/random</c>, distinct for every store instance, so that two collectors in one process differ
/// too. Only ever compared and shown, never parsed.
/// </summary>
public static class StoreNode
{
    /// <summary>A new claimant name, such as <c>collector-1/4242/5f0c9a1e</c> (at most 200 characters).</summary>
    public static string NewId()
    {
        var machine = Environment.MachineName;
        var id = string.Create(CultureInfo.InvariantCulture, $"{machine}/{Environment.ProcessId}/{Random.Shared.Next():x8}");
        return id.Length <= 200 ? id : id[^200..];
    }
}
