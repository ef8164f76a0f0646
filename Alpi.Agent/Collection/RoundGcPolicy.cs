namespace Alpi.Agent.Collection;

/// <summary>
/// Whether <see cref="CollectionLoop"/> runs a generation-1 garbage collection after each round. The standalone agent
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
/// round's garbage while it is all young kept the agent at 23.6 MiB from 4 to 15 minutes (before the release below), with the same CPU ticks as
/// the shipped build beside it (42 and 42 over 15 minutes), and works in every build and on Windows. Generation 1, not
/// only 0: what outlives one round (the batch until the broker acknowledges it, buffers of the publish) is promoted to
/// generation 1 and dies there; collected by generation-0 collections only, the agent's anonymous memory grew by 656 KB
/// in 6 minutes (5,812 to 6,468 KB) once the start-up memory was given back, and stayed flat with generation-1 collections
/// (bench/README.md, "Start-up memory given back").
/// <para>After the second round (the start-up done: host built, first points queued, broker connection started) it also
/// gives back the start-up's memory (<see cref="StartupMemoryRelease"/>), again after round <see cref="SettledRound"/>, and every <see cref="ReleaseEveryRounds"/>
/// rounds; and after the first round that follows a completed replay (<see cref="Publishing.MetricBacklog.ReplaysCompleted"/>):
/// what a broker outage, a reconnect and the replay of the disk buffer touched (the Native AOT agent went from 15.3 to
/// 18.2 MiB over a 50 s outage, and stayed there until the hourly release) is given back once the outage is over.</para>
/// </remarks>
/// <param name="enabled">True to collect after each round and release memory after the rounds <see cref="ReleasesAfter"/> names.</param>
public sealed class RoundGcPolicy(bool enabled)
{
    // Rounds ended so far; rounds run one after the other (CollectionLoop).
    private long _rounds;

    // The backlog's ReplaysCompleted at the last round.
    private long _replaysSeen;

    /// <summary>Rounds between two releases of memory after the first (360: one hour at the default 10 s interval).</summary>
    public const int ReleaseEveryRounds = 360;

    /// <summary>
    /// The round after which the memory is given back a second time (two minutes at the default 10 s interval): the
    /// rounds after the second still touch code once that the steady rounds do not run (Native AOT agent, 10 s interval:
    /// 534 of the binary's code pages resident at 40 s, 333 from the round after this second release on; resident
    /// memory 12.3 against 12.0 MiB side by side, bench/README.md "Agent footprint").
    /// </summary>
    public const int SettledRound = 12;

    /// <summary>True when a generation-1 collection follows each round.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>
    /// After a round's batch is queued: a blocking generation-1 collection when <see cref="Enabled"/> (generations 0
    /// and 1; what survives is promoted as usual, generation 2 is left alone), after the second round and every
    /// <see cref="ReleaseEveryRounds"/> rounds after it, and after round <see cref="SettledRound"/>
    /// (<see cref="ReleasesAfter"/>), or when a replay completed since the last round (after round 2: the start-up's own
    /// first connection is covered by the release after round 2), <see cref="StartupMemoryRelease.Release"/> instead;
    /// nothing when not enabled. Never throws.
    /// </summary>
    /// <param name="replaysCompleted">The backlog's <see cref="Publishing.MetricBacklog.ReplaysCompleted"/> now (0 when unknown).</param>
    /// <returns>Octets advised to be paged out by a release in this call; 0 in every other call.</returns>
    public long AfterRound(long replaysCompleted = 0)
    {
        if (!Enabled)
        {
            return 0;
        }

        var afterReplay = replaysCompleted > _replaysSeen;
        _replaysSeen = replaysCompleted;
        if (ReleasesAfter(++_rounds) || (afterReplay && _rounds > 2))
        {
            return StartupMemoryRelease.Release();
        }

        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        return 0;
    }

    /// <summary>
    /// Whether the memory is given back after round <paramref name="round"/> (1 for the first round): after round 2
    /// (the start-up done), after round <see cref="SettledRound"/>, and every <see cref="ReleaseEveryRounds"/> rounds
    /// after round 2.
    /// </summary>
    /// <param name="round">The round just ended, counted from 1.</param>
    public static bool ReleasesAfter(long round) =>
        round == 2 || round == SettledRound || (round > 2 && (round - 2) % ReleaseEveryRounds == 0);
}
