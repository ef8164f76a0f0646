namespace Alpi.Collector.Ingest;

/// <summary>
/// Told by the <see cref="IngestWriter"/> about every batch right after the store committed it and before it is
/// acknowledged (the alert engine's hook to evaluate at once). Called on the writer's loop: return quickly, never
/// block, never throw — hand the work to your own loop.
/// </summary>
public interface IIngestObserver
{
    /// <summary>The batches just committed (each with its tenant, host and points); the list is reused after the call, so copy what you keep.</summary>
    void OnStored(IReadOnlyList<IngestBatch> batches);
}
