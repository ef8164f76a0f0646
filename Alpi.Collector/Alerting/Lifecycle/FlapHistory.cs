namespace Alpi.Collector.Alerting.Lifecycle;

/// <summary>
/// The condition history of one fingerprint for flap detection, as Nagios keeps it: the last N results (true = the
/// condition held), newest last, in a bit mask. Until N results are known the history is padded with the first one,
/// so that one change among few samples does not look like flapping (Nagios starts from a history of the initial state).
/// Source: Nagios Core 4 documentation, "Detection and Handling of State Flapping".
/// </summary>
/// <param name="Bits">Results, bit 0 the newest.</param>
/// <param name="Count">Results recorded, at most the window.</param>
/// <param name="Flapping">Whether the fingerprint is currently flapping.</param>
public readonly record struct FlapHistory(ulong Bits, int Count, bool Flapping)
{
    /// <summary>Adds a result.</summary>
    /// <param name="active">Whether the condition held.</param>
    /// <param name="window">N, 3 to 64.</param>
    public FlapHistory Add(bool active, int window)
    {
        var mask = window >= 64 ? ulong.MaxValue : (1UL << window) - 1;
        return this with { Bits = ((Bits << 1) | (active ? 1UL : 0UL)) & mask, Count = Math.Min(Count + 1, window) };
    }

    /// <summary>
    /// Nagios' weighted percent state change over the window: each change between consecutive results counts with
    /// a weight rising linearly from 0.8 (oldest) to 1.2 (newest); the sum over the N−1 possible changes, as a percentage.
    /// </summary>
    /// <param name="window">N, 3 to 64.</param>
    public double PercentStateChange(int window)
    {
        if (Count < 2)
        {
            return 0;
        }

        // Oldest known result pads the missing ones.
        var oldestKnown = (Bits >> (Count - 1)) & 1;
        double sum = 0;
        for (var i = 1; i < window; i++)
        {
            // i-th result from the oldest: bit (window - 1 - i).
            var current = Bit(window - 1 - i, oldestKnown);
            var previous = Bit(window - i, oldestKnown);
            if (current != previous)
            {
                sum += 0.8 + (0.4 * (i - 1) / (window - 2));
            }
        }

        return sum / (window - 1) * 100;
    }

    private ulong Bit(int position, ulong pad) => position < Count ? (Bits >> position) & 1 : pad;
}
