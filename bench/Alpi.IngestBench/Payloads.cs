using System.Globalization;
using System.Text;

/// <summary>
/// The payloads both sides ingest: per publisher, batches of Telegraf-like <c>cpu</c> lines (2 tags, 4 float fields,
/// nanosecond timestamps one second apart). Over MQTT the topic gives the <c>tenant</c> and <c>host</c> tags; to
/// InfluxDB the same lines carry them explicitly, so both stores hold the same series.
/// </summary>
internal static class Payloads
{
    public const string Tenant = "bench";

    public static string Host(int publisher) => $"host{publisher}";

    public static byte[][][] Build(int publishers, int batches, int lines, bool withTopicTags) =>
        Enumerable.Range(0, publishers).Select(p => Enumerable.Range(0, batches).Select(b => One(p, b, lines, withTopicTags)).ToArray()).ToArray();

    public static byte[] One(int publisher, int batch, int lines, bool withTopicTags)
    {
        var text = new StringBuilder(lines * 140);
        var baseNs = 1_764_000_000_000_000_000L + (batch * (long)lines * 1_000_000_000L);
        var topicTags = withTopicTags ? $",host={Host(publisher)},tenant={Tenant}" : "";
        for (var i = 0; i < lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"cpu,cpu=cpu{i % 16},site=s{publisher}{topicTags} usage_user={i % 100}.5,usage_system={i % 7}.25,usage_idle=80.0,usage_iowait=1.5 {baseNs + (i * 1_000_000_000L)}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
