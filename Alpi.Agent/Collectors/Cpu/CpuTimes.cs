namespace Alpi.Agent.Collectors.Cpu;

/// <summary>
/// The cumulative time one CPU (or all of them) has spent in each state, in jiffies (USER_HZ, usually 1/100 s),
/// from a <c>cpu</c> line of <c>/proc/stat</c> (proc(5), "/proc/stat"). Guest time is also counted in user time
/// and guest_nice in nice, as the kernel does.
/// </summary>
internal readonly record struct CpuTimes(
    ulong User,
    ulong Nice,
    ulong System,
    ulong Idle,
    ulong IoWait,
    ulong Irq,
    ulong SoftIrq,
    ulong Steal,
    ulong Guest,
    ulong GuestNice)
{
    /// <summary>
    /// The time spent in every state, in jiffies, guest excluded since user and nice already count it
    /// (Telegraf's <c>totalCPUTime</c>).
    /// </summary>
    public ulong Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;
}
