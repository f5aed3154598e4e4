namespace KstatOtel.Taskstats;

/// <summary>Saturating conversions of kernel counters to TimeSpan and DateTimeOffset (a corrupt value never throws).</summary>
internal static class Durations
{
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    public static TimeSpan FromNanoseconds(ulong nanoseconds) => new((long)(nanoseconds / 100));

    public static TimeSpan FromMicroseconds(ulong microseconds) =>
        microseconds > (ulong)(TimeSpan.MaxValue.Ticks / 10) ? TimeSpan.MaxValue : new TimeSpan((long)microseconds * 10);

    public static DateTimeOffset FromUnixSeconds(ulong seconds) =>
        seconds > MaxUnixSeconds ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds((long)seconds);

    public static DateTimeOffset? FromTimespec(long seconds, long nanoseconds)
    {
        if (seconds == 0 && nanoseconds == 0)
        {
            return null;
        }

        if (seconds < 0)
        {
            return DateTimeOffset.UnixEpoch;
        }

        if (seconds > MaxUnixSeconds)
        {
            return DateTimeOffset.MaxValue;
        }

        var ticks = nanoseconds is >= 0 and < 1_000_000_000 ? nanoseconds / 100 : 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks);
    }
}
