using System.Buffers;
using System.Globalization;
using System.Text;
using Alpi.Protocols.LineProtocol;
using BenchmarkDotNet.Attributes;

namespace Alpi.Benchmarks.LineProtocol;

/// <summary>
/// Parsing and writing a 1000-line payload of Telegraf-like cpu, mem and net lines; figures are per line
/// (OperationsPerInvoke = 1000).
/// </summary>
[MemoryDiagnoser]
public class LineProtocolParseBenchmarks
{
    private const int Lines = 1000;

    private byte[] _payload = [];
    private List<LinePoint> _points = [];
    private readonly List<LinePoint> _parsed = new(Lines);
    private readonly List<LineProtocolError> _errors = [];
    private readonly ArrayBufferWriter<byte> _output = new(256 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        var timestamp = 1764417600000000000L; // 2025-11-29T12:00:00Z
        for (var i = 0; i < Lines; i++)
        {
            var host = "srv" + (i % 8).ToString("00", CultureInfo.InvariantCulture);
            _ = (i % 3) switch
            {
                0 => text.Append(CultureInfo.InvariantCulture,
                    $"cpu,cpu=cpu{i % 4},host={host} usage_guest=0,usage_idle={90 + (i % 97) / 10.0},usage_iowait=0.1,usage_system=2.{i % 10}3,usage_user=5.{i % 7}5 {timestamp}\n"),
                1 => text.Append(CultureInfo.InvariantCulture,
                    $"mem,host={host} active={1_000_000_000 + i}i,available={7_000_000_000 + i}i,available_percent={60 + (i % 40) / 3.0},buffered=123456i,free={2_000_000_000 - i}i,used_percent={40 - (i % 40) / 3.0} {timestamp}\n"),
                _ => text.Append(CultureInfo.InvariantCulture,
                    $"net,host={host},interface=eth{i % 2} bytes_recv={123_456_789_000 + i * 1500}u,bytes_sent={98_765_432_000 + i * 900}u,drop_in=0u,err_in=0u,packets_recv={987_654 + i}u,packets_sent={876_543 + i}u {timestamp}\n"),
            };
            timestamp += 10_000_000_000;
        }

        _payload = Encoding.UTF8.GetBytes(text.ToString());
        _points = LineProtocolParser.Parse(text.ToString()).Points.ToList();
        if (_points.Count != Lines)
        {
            throw new InvalidOperationException("The benchmark payload does not parse.");
        }
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Parse()
    {
        _parsed.Clear();
        _errors.Clear();
        return LineProtocolParser.Parse(_payload, TimestampPrecision.Nanoseconds, _parsed, _errors);
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Write()
    {
        _output.ResetWrittenCount();
        foreach (var point in _points)
        {
            LineProtocolWriter.Write(point, _output);
        }

        return _output.WrittenCount;
    }
}
