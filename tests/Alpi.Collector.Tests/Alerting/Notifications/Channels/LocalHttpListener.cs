using System.Collections.Concurrent;
using System.Net;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Alerting.Notifications.Channels;

/// <summary>An HTTP listener on 127.0.0.1 (a free port) that records each request and answers with the next queued status (200 by default).</summary>
internal sealed class LocalHttpListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpListener()
    {
        Port = FreePort.Tcp();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<HttpStatusCode> Statuses { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public TimeSpan Delay { get; set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType,
                context.Request.Headers["Authorization"], body));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            context.Response.StatusCode = (int)(Statuses.TryDequeue(out var status) ? status : HttpStatusCode.OK);
            context.Response.Close();
        }
    }
}

/// <summary>One request the listener received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string? Authorization, string Body);
