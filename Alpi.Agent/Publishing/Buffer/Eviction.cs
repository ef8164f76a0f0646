namespace Alpi.Agent.Publishing.Buffer;

/// <summary>What a store evicted (oldest first) to make room for an appended batch.</summary>
/// <param name="Batches">Batches evicted.</param>
/// <param name="Points">Points (line-protocol lines) in them.</param>
internal readonly record struct Eviction(int Batches, long Points)
{
    /// <summary>Nothing evicted.</summary>
    public static Eviction None => default;
}
