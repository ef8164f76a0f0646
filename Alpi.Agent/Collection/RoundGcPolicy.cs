namespace Alpi.Agent.Collection;

/// <summary>
/// Whether <see cref="CollectionLoop"/> runs a generation-0 garbage collection after each round. The standalone agent
/// does (<c>Program.cs</c>); an agent hosted inside another process (the collector's local agent) leaves the GC to
/// its host.
/// </summary>
/// <remarks>
/// Why: the idle agent allocates ~17 KB/s at the default 10 s interval (513 KB per 30 s, JIT build, dotnet-counters),
/// almost all of it garbage once the batch is queued. The GC sizes its generation-0 budget from the CPU's cache (32 MiB
/// of L3 on the bench machine), so an idle agent ran its first collection only after 10-30 minutes, its resident memory
/// growing meanwhile (Native AOT: 24.5 MiB at 4 minutes, 34.3 MiB at 15; bench/README.md "The agent's gen0 budget").
/// The budget can be set only by the <c>DOTNET_GCgen0size</c> environment variable, which the runtime does not read
/// from the Native AOT binary's embedded settings nor from <c>runtimeconfig.json</c> (both checked). Collecting the
/// round's garbage while it is all young keeps the agent at 23.6 MiB from 4 to 15 minutes, with the same CPU ticks as
/// the shipped build beside it (42 and 42 over 15 minutes), and works in every build and on Windows.
/// <para>After the second round (the start-up done: host built, first points queued, broker connection started) it also
/// gives back the start-up's memory once (<see cref="StartupMemoryRelease"/>).</para>
/// </remarks>
/// <param name="enabled">True to collect after each round and release the start-up's memory once.</param>
public sealed class RoundGcPolicy(bool enabled)
{
    // Rounds ended so far; rounds run one after the other (CollectionLoop).
    private int _rounds;

    /// <summary>True when a generation-0 collection follows each round.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>
    /// After a round's batch is queued: a blocking generation-0 collection when <see cref="Enabled"/> (what survives
    /// is promoted as usual; nothing is compacted beyond generation 0), after the second round
    /// <see cref="StartupMemoryRelease.Release"/> instead; nothing when not enabled. Never throws.
    /// </summary>
    /// <returns>Octets advised to be paged out by the start-up release in this call; 0 in every other call.</returns>
    public long AfterRound()
    {
        if (!Enabled)
        {
            return 0;
        }

        if (++_rounds == 2)
        {
            return StartupMemoryRelease.Release();
        }

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        return 0;
    }
}
