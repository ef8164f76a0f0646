namespace Alpi.Collector.Alerting.OnCall;

/// <summary>A person who can be on call, with an address per channel.</summary>
/// <param name="Name">Identifier in the on-call file (<c>alice</c>).</param>
/// <param name="Contacts">Channel name → address on it (<c>email: alice@example.org</c>, <c>sms: "+33612345678"</c>, <c>chat: "@alice"</c>).</param>
public sealed record Person(string Name, IReadOnlyDictionary<string, string> Contacts);

/// <summary>
/// A temporary replacement in a schedule (a holiday, a swap): from <see cref="From"/> to <see cref="To"/> (instants,
/// converted from the file's wall-clock times in the schedule's zone) <see cref="Person"/> is on call.
/// </summary>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive).</param>
/// <param name="Person">Who is on call instead.</param>
/// <param name="Reason">Why (free text), or null.</param>
public sealed record OnCallOverride(DateTimeOffset From, DateTimeOffset To, string Person, string? Reason);

/// <summary>Who is on call over one span.</summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Person">Who.</param>
/// <param name="Since">Start of the span (the last handover or override start).</param>
/// <param name="Until">End of the span (the next handover, override start or end).</param>
/// <param name="Override">The override in force, or null for the regular rotation.</param>
public sealed record OnCallShift(string Schedule, string Person, DateTimeOffset Since, DateTimeOffset Until, OnCallOverride? Override);

/// <summary>
/// A rotation of people with a handover every <see cref="Length"/> days (7: weekly) at <see cref="HandoverTime"/>
/// wall-clock time in <see cref="Zone"/>: <see cref="Rotation"/>[0] takes over on <see cref="Start"/>, the next one
/// a period later, and so on round the list (before <see cref="Start"/> the rotation runs backwards). Handovers
/// stay at the same wall-clock time across daylight-saving changes, so such a week lasts 167 or 169 hours.
/// <see cref="Overrides"/> replace the rotation over their span; the last one listed wins where they overlap.
/// </summary>
/// <param name="Name">Identifier (<c>primary</c>).</param>
/// <param name="Zone">The time zone of the handover time and of the overrides.</param>
/// <param name="Start">The local date on which <see cref="Rotation"/>[0]'s first shift starts.</param>
/// <param name="HandoverTime">Local time of each handover.</param>
/// <param name="Length">Days per shift (7 for a weekly rotation).</param>
/// <param name="Rotation">People's names, in order (at least one).</param>
/// <param name="Overrides">Replacements.</param>
public sealed record OnCallSchedule(
    string Name, TimeZoneInfo Zone, DateOnly Start, TimeOnly HandoverTime, int Length, IReadOnlyList<string> Rotation, IReadOnlyList<OnCallOverride> Overrides)
{
    /// <summary>Who is on call at <paramref name="at"/>, since when and until when.</summary>
    public OnCallShift At(DateTimeOffset at)
    {
        var (index, since, until) = RegularShift(at);
        var person = Rotation[(int)(((index % Rotation.Count) + Rotation.Count) % Rotation.Count)];
        var active = Overrides.LastOrDefault(o => o.From <= at && at < o.To);
        if (active is not null)
        {
            return new OnCallShift(Name, active.Person, active.From, active.To, active);
        }

        // The regular shift ends early if an override starts before its handover.
        var nextOverride = Overrides.Where(o => o.From > at && o.From < until).Select(o => (DateTimeOffset?)o.From).Min();
        var lastOverrideEnd = Overrides.Where(o => o.To <= at && o.To > since).Select(o => (DateTimeOffset?)o.To).Max();
        return new OnCallShift(Name, person, lastOverrideEnd ?? since, nextOverride ?? until, null);
    }

    /// <summary>
    /// The next handover after <paramref name="at"/>: when, who hands over and who takes over. Shift boundaries where
    /// the same person goes on (an override of the person on call) are skipped; in a rotation of one person, the next
    /// regular handover is returned (from and to the same person).
    /// </summary>
    public (DateTimeOffset At, string From, string To) NextHandover(DateTimeOffset at)
    {
        var current = At(at);
        var boundary = current.Until;
        var next = At(boundary);
        for (var i = 0; i < 64 && next.Person == current.Person; i++)
        {
            boundary = next.Until;
            next = At(boundary);
        }

        return next.Person == current.Person ? (current.Until, current.Person, current.Person) : (boundary, current.Person, next.Person);
    }

    private (long Index, DateTimeOffset Since, DateTimeOffset Until) RegularShift(DateTimeOffset at)
    {
        var local = ZonedTime.ToLocal(at, Zone);
        var days = DateOnly.FromDateTime(local).DayNumber - Start.DayNumber;
        var index = (long)Math.Floor(days / (double)Length);
        var since = HandoverOf(index);
        if (since > at)
        {
            index--;
            since = HandoverOf(index);
        }

        return (index, since, HandoverOf(index + 1));
    }

    private DateTimeOffset HandoverOf(long index) =>
        ZonedTime.ToInstant(Start.AddDays((int)(index * Length)).ToDateTime(HandoverTime), Zone);
}
