namespace Alpi.Agent.Publishing.Buffer;

/// <summary>How much a batch store keeps: beyond either bound the oldest batches are evicted.</summary>
/// <param name="MaxBytes">Most payload bytes (octets) kept, at least 1.</param>
/// <param name="MaxBatches">Most batches kept, at least 1.</param>
internal readonly record struct BatchStoreLimits(long MaxBytes, int MaxBatches);
