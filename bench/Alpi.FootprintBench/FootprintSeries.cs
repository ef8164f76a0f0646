using Alpi.BenchCommon;

/// <summary>The /proc samples of one process over a run, and what they say once the warm-up is left out.</summary>
internal sealed class FootprintSeries(string name)
{
    private readonly List<(double At, ProcessSample Sample)> _samples = [];

    public string Name => name;

    public void Add(double atSeconds, ProcessSample sample) => _samples.Add((atSeconds, sample));

    /// <summary>RSS in MiB of the samples taken at or after <paramref name="fromSeconds"/>.</summary>
    public Stats RssMiB(double fromSeconds) =>
        Stats.Of(_samples.Where(s => s.At >= fromSeconds).Select(s => s.Sample.RssBytes / 1048576.0));

    /// <summary>Percent of one core used between the first sample at or after <paramref name="fromSeconds"/> and the last.</summary>
    public double CpuPercent(double fromSeconds)
    {
        var window = _samples.Where(s => s.At >= fromSeconds).ToList();
        return window.Count < 2 ? double.NaN
            : 100 * (window[^1].Sample.CpuSeconds - window[0].Sample.CpuSeconds) / (window[^1].At - window[0].At);
    }

    /// <summary>CPU seconds used since the process started (start-up included), at the last sample.</summary>
    public double TotalCpuSeconds => _samples.Count == 0 ? double.NaN : _samples[^1].Sample.CpuSeconds;
}
