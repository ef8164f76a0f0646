using System.Text;

namespace Alpi.Protocols.LineProtocol;

/// <summary>Writes InfluxDB line protocol (placeholder, being written).</summary>
public static class LineProtocolWriter
{
    /// <summary>Appends one point as one line ending with <c>\n</c>.</summary>
    public static void Write(LinePoint point, StringBuilder output)
    {
        _ = point; _ = output;
        throw new NotSupportedException("being written");
    }
}
