namespace ReformFlow.Workflows.Jobs;

/// <summary>A day that comes back every year (e.g. "09-01"), read in the installation's time zone (App:TimeZone).</summary>
public static class YearlyDate
{
    /// <summary>Midnight of the most recent such day at or before <paramref name="now"/>, in the time zone.</summary>
    public static DateTimeOffset LatestOnOrBefore(string monthDay, DateTimeOffset now, TimeZoneInfo zone)
    {
        var parts = monthDay.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var month) || !int.TryParse(parts[1], out var day))
            throw new FormatException($"A yearly date is written MM-dd, not \"{monthDay}\".");
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var year = local.Month > month || (local.Month == month && local.Day >= day) ? local.Year : local.Year - 1;
        return new DateTimeOffset(year, month, day, 0, 0, 0, zone.GetUtcOffset(new DateTime(year, month, day)));
    }
}
