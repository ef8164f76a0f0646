using System.Globalization;
using System.Text;

/// <summary>
/// The series of one simulated host: <see cref="SeriesPerHost"/> series as <see cref="LinesPerPoint"/> lines of
/// measurement <c>m</c>, tag <c>i=0…9</c>, fields <c>f0…f9</c> (so 100 series a host, each identified by
/// tenant, host, <c>i</c> and field), repeated for each of the points' timestamps (one second apart).
/// </summary>
internal static class SeriesPayload
{
    public const int LinesPerPoint = 10;
    public const int FieldsPerLine = 10;
    public const int SeriesPerHost = LinesPerPoint * FieldsPerLine;

    public static byte[] For(int host, int points, long baseNs)
    {
        var text = new StringBuilder(points * LinesPerPoint * 120);
        for (var p = 0; p < points; p++)
        {
            for (var i = 0; i < LinesPerPoint; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"m,i={i} ");
                for (var f = 0; f < FieldsPerLine; f++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{(f == 0 ? "" : ",")}f{f}={(host + i + f + p) % 1000}.5");
                }

                text.Append(CultureInfo.InvariantCulture, $" {baseNs + (p * 1_000_000_000L)}\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
