namespace Alpi.Collector.Alerting.OnCall;

/// <summary>
/// Wall-clock times in a named time zone (IANA ids through <see cref="TimeZoneInfo"/>, from the system's tzdata),
/// turned into instants the way people mean them across daylight-saving changes: a local time skipped by the spring
/// change (02:30 on 2026-03-29 in Europe/Paris) is moved forward by the gap (03:30); a local time that happens twice
/// in autumn (02:30 on 2026-10-25) is its first occurrence (summer time).
/// </summary>
public static class ZonedTime
{
    /// <summary>The default zone id of schedules and maintenance windows.</summary>
    public const string DefaultZone = "Europe/Paris";

    /// <summary>Finds a zone by IANA id (<c>Europe/Paris</c>), or returns null with the reason.</summary>
    public static TimeZoneInfo? Find(string id, out string? error)
    {
        error = null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"\"{id}\" is not a known time zone (IANA id such as Europe/Paris): {e.Message}";
            return null;
        }
    }

    /// <summary>The instant of wall-clock time <paramref name="local"/> in <paramref name="zone"/> (see the type's rules for gaps and overlaps).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // In the spring gap: the offset before the change applies, which lands after the gap (02:30 +01:00 = 03:30 +02:00).
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before).ToOffset(zone.GetUtcOffset(new DateTimeOffset(local, before)));
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The wall-clock time of an instant in a zone.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
    }
}
