using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.DiskIo;

/// <summary>
/// Block-device I/O counters from <c>/proc/diskstats</c> (proc(5), "/proc/diskstats"; kernel
/// Documentation/admin-guide/iostats.rst), as Telegraf's <c>diskio</c> input plugin reports them: measurement
/// <c>diskio</c>, tag <c>name</c> (<c>sda</c>, <c>mmcblk0p2</c>, <c>nvme0n1</c>), cumulative integer fields
/// <c>reads</c>, <c>writes</c> (completed requests), <c>read_bytes</c>, <c>write_bytes</c> (sectors × 512 bytes),
/// <c>read_time</c>, <c>write_time</c>, <c>io_time</c>, <c>weighted_io_time</c> (milliseconds),
/// <c>iops_in_progress</c> (requests in flight), <c>merged_reads</c>, <c>merged_writes</c>.
/// </summary>
/// <remarks>Loop, RAM-disk and compressed-RAM devices (<c>loop*</c>, <c>ram*</c>, <c>zram*</c>) are left out.</remarks>
internal sealed class DiskIoCollector : IMetricCollector
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/diskstats";

    /// <summary>The kernel's sector unit for these counters, whatever the device's own sector size.</summary>
    private const long SectorBytes = 512;

    private static readonly string[] SkippedPrefixes = ["loop", "ram", "zram"];

    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc/diskstats</c> through <paramref name="files"/>.</summary>
    public DiskIoCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "diskio";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var fullPath = _files.GetFullPath(Path);
        var lines = HostFileFormat.Lines(_files.ReadAllText(Path));
        for (var i = 0; i < lines.Length; i++)
        {
            var t = HostFileFormat.Tokens(lines[i]);
            if (t.Length < 14)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, $"{t.Length} fields, at least 14 expected");
            }

            var name = t[2];
            if (Array.Exists(SkippedPrefixes, p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            long F(int index) => (long)HostFileFormat.ParseUInt64(t[index], fullPath, i + 1);
            sink.Add(new LinePoint(
                "diskio",
                [new("name", name)],
                [
                    new("reads", FieldValue.Integer(F(3))),
                    new("writes", FieldValue.Integer(F(7))),
                    new("read_bytes", FieldValue.Integer(F(5) * SectorBytes)),
                    new("write_bytes", FieldValue.Integer(F(9) * SectorBytes)),
                    new("read_time", FieldValue.Integer(F(6))),
                    new("write_time", FieldValue.Integer(F(10))),
                    new("io_time", FieldValue.Integer(F(12))),
                    new("weighted_io_time", FieldValue.Integer(F(13))),
                    new("iops_in_progress", FieldValue.Integer(F(11))),
                    new("merged_reads", FieldValue.Integer(F(4))),
                    new("merged_writes", FieldValue.Integer(F(8))),
                ],
                null));
        }

        return ValueTask.CompletedTask;
    }
}
