using System.Diagnostics;
using System.Globalization;
using System.Net;
using Alpi.Testing;

/// <summary>
/// One run of the peer: a fresh <c>influxd</c> 1.6.7 (Debian's, on a free loopback port, its files in a temp folder,
/// WAL fsync on every write as by default), P HTTP clients each POSTing its batches to <c>/write?db=bench&amp;precision=ns</c>
/// one after the other (one connection each, as the MQTT publishers have); the clock stops when the last write has
/// answered 204 (InfluxDB answers once the points are in its WAL and cache, i.e. durable and queryable).
/// </summary>
internal static class InfluxIngestRun
{
    public static async Task<double> RunAsync(byte[][][] payloads, long total)
    {
        using var influx = await InfluxDbServer.StartAsync();
        using (var admin = new HttpClient())
        {
            using var created = await admin.PostAsync(new Uri($"{influx.Url}/query?q=CREATE+DATABASE+bench"), null);
            created.EnsureSuccessStatusCode();
        }

        var clients = payloads.Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromMinutes(2) }).ToArray();
        try
        {
            var write = new Uri($"{influx.Url}/write?db=bench&precision=ns");
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, p) =>
            {
                foreach (var payload in payloads[p])
                {
                    using var content = new ByteArrayContent(payload);
                    using var response = await client.PostAsync(write, content);
                    if (response.StatusCode != HttpStatusCode.NoContent)
                    {
                        throw new InvalidOperationException($"influxd answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }));
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  influxd: {total:N0} points in {clock.Elapsed.TotalSeconds:F2} s = {total / clock.Elapsed.TotalSeconds:N0} points/s"));
            return total / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
