using System.Globalization;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Net;

/// <summary>
/// Network interface counters from <c>/proc/net/dev</c> (proc(5), "/proc/net/dev"), as Telegraf's <c>net</c> input
/// plugin reports them: measurement <c>net</c>, tag <c>interface</c>, cumulative unsigned integer fields
/// <c>bytes_sent</c>, <c>bytes_recv</c> (bytes), <c>packets_sent</c>, <c>packets_recv</c>, <c>err_in</c>,
/// <c>err_out</c>, <c>drop_in</c>, <c>drop_out</c> (packets).
/// </summary>
/// <remarks>
/// As Telegraf does when no interface list is configured, loopback and interfaces that are down are left out: the
/// flags come from <c>/sys/class/net/&lt;interface&gt;/flags</c> (IFF_UP 0x1, IFF_LOOPBACK 0x8); when that file is
/// absent, only <c>lo</c> is left out. Telegraf's protocol statistics (<c>interface=all</c>) are not reported.
/// </remarks>
internal sealed class NetCollector : IMetricCollector
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/net/dev";

    private const uint InterfaceUp = 0x1;
    private const uint InterfaceLoopback = 0x8;

    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc/net/dev</c> and <c>sys/class/net</c> through <paramref name="files"/>.</summary>
    public NetCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "net";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var fullPath = _files.GetFullPath(Path);
        var lines = HostFileFormat.Lines(_files.ReadAllText(Path));

        // The first two lines are the column headers.
        for (var i = 2; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, "no \"interface:\" at the start of the line");
            }

            var name = lines[i][..colon].Trim();
            var t = HostFileFormat.Tokens(lines[i][(colon + 1)..]);
            if (t.Length < 16)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, $"{t.Length} counters, 16 expected");
            }

            if (!IsReported(name))
            {
                continue;
            }

            ulong F(int index) => HostFileFormat.ParseUInt64(t[index], fullPath, i + 1);
            sink.Add(new LinePoint(
                "net",
                [new("interface", name)],
                [
                    new("bytes_sent", FieldValue.UInteger(F(8))),
                    new("bytes_recv", FieldValue.UInteger(F(0))),
                    new("packets_sent", FieldValue.UInteger(F(9))),
                    new("packets_recv", FieldValue.UInteger(F(1))),
                    new("err_in", FieldValue.UInteger(F(2))),
                    new("err_out", FieldValue.UInteger(F(10))),
                    new("drop_in", FieldValue.UInteger(F(3))),
                    new("drop_out", FieldValue.UInteger(F(11))),
                ],
                null));
        }

        return ValueTask.CompletedTask;
    }

    private bool IsReported(string name)
    {
        var flagsPath = $"sys/class/net/{name}/flags";
        if (!_files.Exists(flagsPath))
        {
            return !string.Equals(name, "lo", StringComparison.Ordinal);
        }

        var text = _files.ReadAllText(flagsPath).Trim();
        uint flags = 0;
        if (!text.StartsWith("0x", StringComparison.Ordinal)
            || !uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out flags))
        {
            HostFileFormat.ThrowMalformed(_files.GetFullPath(flagsPath), 1, $"\"{text}\" is not a hexadecimal flag set");
        }

        return (flags & InterfaceUp) != 0 && (flags & InterfaceLoopback) == 0;
    }
}
