namespace Alpi.Collector.Alerting.Escalation;

/// <summary>
/// One step of an escalation policy: once an alert has been firing and unacknowledged for <see cref="After"/> (from
/// its first notification), notify the people on call in <see cref="Schedules"/>, the <see cref="People"/>, each on
/// the channels of <see cref="Via"/> where they have an address (every channel they have one on when empty), and the
/// <see cref="Channels"/> at their configured destination.
/// </summary>
/// <param name="After">Delay from the first notification (0 for at once).</param>
/// <param name="Schedules">On-call schedules whose current person is notified.</param>
/// <param name="People">People notified by name.</param>
/// <param name="Channels">Channels notified at their configured destination (a team chat webhook).</param>
/// <param name="Via">Channels used to reach people (<c>sms</c>, <c>email</c>), or empty for all their contacts.</param>
public sealed record EscalationStep(TimeSpan After, IReadOnlyList<string> Schedules, IReadOnlyList<string> People, IReadOnlyList<string> Channels, IReadOnlyList<string> Via);

/// <summary>Re-notification of firing, unacknowledged alerts: after <see cref="Interval"/>, then each time <see cref="Factor"/> times longer, at most <see cref="Max"/>.</summary>
/// <param name="Interval">First delay after the first notification.</param>
/// <param name="Factor">Back-off factor (≥ 1; 2 doubles).</param>
/// <param name="Max">Longest delay between two reminders.</param>
public sealed record RepeatPolicy(TimeSpan Interval, double Factor, TimeSpan Max)
{
    /// <summary>The delay after reminder number <paramref name="sent"/> (0 = after the first notification).</summary>
    public TimeSpan DelayAfter(int sent)
    {
        var ticks = Interval.Ticks * Math.Pow(Factor, Math.Min(sent, 60));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>
/// An escalation policy (chosen by a rule's <c>policy:</c>): ordered steps, stopped by acknowledgement or resolution;
/// and re-notification (<see cref="Repeat"/>) of whoever was reached.
/// </summary>
/// <param name="Name">Identifier.</param>
/// <param name="Steps">Steps by increasing <see cref="EscalationStep.After"/>.</param>
/// <param name="Repeat">Reminders, or null for none.</param>
public sealed record EscalationPolicy(string Name, IReadOnlyList<EscalationStep> Steps, RepeatPolicy? Repeat)
{
    /// <summary>How many leading steps are due <paramref name="elapsed"/> after the first notification.</summary>
    public int StepsReached(TimeSpan elapsed)
    {
        var count = 0;
        while (count < Steps.Count && Steps[count].After <= elapsed)
        {
            count++;
        }

        return count;
    }
}
