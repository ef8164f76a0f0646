using Alpi.Collector.Alerting.OnCall;
using Cronos;

namespace Alpi.Collector.Alerting.Maintenance;

/// <summary>When a maintenance window is in force; wall-clock times are in the window's zone.</summary>
public abstract record MaintenanceTimes
{
    /// <summary>True when the window is open at <paramref name="at"/>.</summary>
    public abstract bool IsOpen(DateTimeOffset at, TimeZoneInfo zone);

    /// <summary>A short description (<c>weekly mon,tue 01:00–03:00</c>).</summary>
    public abstract string Describe();
}

/// <summary>Once, from one wall-clock time to another (<c>once: { from: "2026-12-01 20:00", to: "2026-12-01 23:00" }</c>).</summary>
/// <param name="From">Local start.</param>
/// <param name="To">Local end (exclusive), after the start.</param>
public sealed record OnceTimes(DateTime From, DateTime To) : MaintenanceTimes
{
    /// <inheritdoc />
    public override bool IsOpen(DateTimeOffset at, TimeZoneInfo zone) => ZonedTime.ToInstant(From, zone) <= at && at < ZonedTime.ToInstant(To, zone);

    /// <inheritdoc />
    public override string Describe() => $"once {From:yyyy-MM-dd HH:mm}–{To:yyyy-MM-dd HH:mm}";
}

/// <summary>
/// Every listed weekday, from a wall-clock time to another (the next day when <see cref="To"/> ≤ <see cref="From"/>):
/// <c>weekly: { days: [sat, sun], from: "22:00", to: "06:00" }</c>. Wall-clock times are kept across daylight-saving
/// changes, so a 01:00–05:00 window lasts 3 hours on the spring-change night and 5 hours on the autumn one.
/// </summary>
/// <param name="Days">The weekdays on which it starts.</param>
/// <param name="From">Local start time.</param>
/// <param name="To">Local end time.</param>
public sealed record WeeklyTimes(IReadOnlySet<DayOfWeek> Days, TimeOnly From, TimeOnly To) : MaintenanceTimes
{
    /// <inheritdoc />
    public override bool IsOpen(DateTimeOffset at, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(ZonedTime.ToLocal(at, zone));
        for (var back = 0; back <= 1; back++)
        {
            var day = today.AddDays(-back);
            if (!Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var start = ZonedTime.ToInstant(day.ToDateTime(From), zone);
            var end = ZonedTime.ToInstant((To > From ? day : day.AddDays(1)).ToDateTime(To), zone);
            if (start <= at && at < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"weekly {string.Join(",", Days.Order().Select(d => d.ToString()[..3].ToLowerInvariant()))} {From:HH\\:mm}–{To:HH\\:mm}";
}

/// <summary>
/// Each time a cron expression fires (5 fields, Cronos, evaluated in the window's zone, daylight-saving aware), for
/// <see cref="Duration"/> of elapsed time: <c>cron: "0 2 1 * *"</c>, <c>duration: 2h</c>.
/// </summary>
/// <param name="Expression">The cron expression's text.</param>
/// <param name="Cron">The parsed expression.</param>
/// <param name="Duration">How long each occurrence lasts.</param>
public sealed record CronTimes(string Expression, CronExpression Cron, TimeSpan Duration) : MaintenanceTimes
{
    /// <inheritdoc />
    public override bool IsOpen(DateTimeOffset at, TimeZoneInfo zone) =>
        Cron.GetNextOccurrence(at - Duration, zone, inclusive: false) is { } start && start <= at;

    /// <inheritdoc />
    public override string Describe() => $"cron \"{Expression}\" for {Duration}";
}

/// <summary>
/// A planned maintenance: while it is open, the alerts it matches are recorded (their history says
/// <c>not notified: maintenance "name"</c>) but not notified; recoveries of alerts notified before are still sent.
/// </summary>
/// <param name="Id">Identifier: <c>file:name</c> for the on-call file's windows, a number for those created through the API.</param>
/// <param name="Name">Name, shown in the history.</param>
/// <param name="Matcher">Which alerts.</param>
/// <param name="Times">When.</param>
/// <param name="Zone">The zone of its wall-clock times.</param>
/// <param name="Comment">Why, or null.</param>
/// <param name="CreatedBy">Who created it through the API, or null for the file.</param>
public sealed record MaintenanceWindow(string Id, string Name, AlertMatcher Matcher, MaintenanceTimes Times, TimeZoneInfo Zone, string? Comment, string? CreatedBy)
{
    /// <summary>True when open at <paramref name="at"/>.</summary>
    public bool IsOpen(DateTimeOffset at) => Times.IsOpen(at, Zone);
}

/// <summary>A silence (Alertmanager's): the alerts it matches are not notified from <see cref="StartsAt"/> until <see cref="EndsAt"/>.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Matcher">Which alerts.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End (exclusive).</param>
/// <param name="CreatedBy">Who.</param>
/// <param name="Comment">Why, or null.</param>
public sealed record Silence(long Id, AlertMatcher Matcher, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string? Comment)
{
    /// <summary>True when in force at <paramref name="at"/>.</summary>
    public bool IsActive(DateTimeOffset at) => StartsAt <= at && at < EndsAt;
}
