namespace Alpi.Collector.Broker;

/// <summary>
/// Set once the collector's ingest client has subscribed. Until then the embedded broker refuses other clients
/// (CONNACK Server unavailable, MQTT 5 §3.2.2.2; agents retry), so that after a restart no agent's birth message
/// is published before the ingest listens for it.
/// </summary>
public sealed class IngestReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The MQTT client identifier the ingest connects with; always admitted.</summary>
    public string? IngestClientId { get; set; }

    /// <summary>True once the ingest has subscribed.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes when the ingest has subscribed.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Marks the ingest subscribed.</summary>
    public void SetReady() => _ready.TrySetResult();
}
