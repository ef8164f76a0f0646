using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;

/// <summary>
/// Reads <c>/api/live</c> as the dashboard does and notes, for every host, the stopwatch time of the first <c>hosts</c>
/// event that lists it and of the first <c>stored</c> event that names it (the page's cue to read its values again).
/// </summary>
internal sealed class LiveHostsWatcher(HttpClient http, Stopwatch clock)
{
    private readonly ConcurrentDictionary<string, TimeSpan> _firstSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _firstStored = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes at the first <c>hosts</c> event: the stream has then noted the hosts known at connection, so a host
    /// published after this gets a <c>stored</c> event (the stream names no host it already knew when it started).
    /// </summary>
    public Task Ready => _ready.Task;

    public TimeSpan? FirstSeen(string host) => _firstSeen.TryGetValue(host, out var at) ? at : null;

    public TimeSpan? FirstStored(string host) => _firstStored.TryGetValue(host, out var at) ? at : null;

    public async Task RunAsync(CancellationToken cancellation)
    {
        using var response = await http.GetAsync(new Uri("/api/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellation);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        try
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellation))
            {
                var seen = item.EventType switch { "hosts" => _firstSeen, "stored" => _firstStored, _ => null };
                if (seen is null)
                {
                    continue;
                }

                var at = clock.Elapsed;
                if (item.EventType == "hosts")
                {
                    _ready.TrySetResult();
                }

                using var hosts = JsonDocument.Parse(item.Data);
                foreach (var host in hosts.RootElement.EnumerateArray())
                {
                    seen.TryAdd(host.GetProperty("host").GetString()!, at);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
