using KstatOtel.Interop;

namespace KstatOtel.Procfs;

/// <summary>
/// System-wide facts the procfs values need: the clock tick (unit of the times in stat), the page size (unit of
/// rss and statm) and the boot time (origin of a process's start time).
/// </summary>
internal static class ProcfsSystem
{
    private static readonly Lazy<long> ClockTicks = new(() => ReadSysconf(Libc.ScClkTck, "_SC_CLK_TCK"));
    private static readonly Lazy<long> Page = new(() => ReadSysconf(Libc.ScPageSize, "_SC_PAGESIZE"));

    /// <summary>Clock ticks per second, sysconf(_SC_CLK_TCK) (USER_HZ, 100 on common kernels).</summary>
    public static long ClockTicksPerSecond => ClockTicks.Value;

    /// <summary>Bytes per page, sysconf(_SC_PAGESIZE).</summary>
    public static long PageSize => Page.Value;

    /// <summary>Converts clock ticks to seconds.</summary>
    public static double TicksToSeconds(ulong ticks) => (double)ticks / ClockTicksPerSecond;

    /// <summary>
    /// Reads the boot time (btime of &lt;procfsRoot&gt;/stat), in seconds since the Unix epoch. Allocates; call once.
    /// Raises <see cref="MalformedInputException"/> when the file has no btime line.
    /// </summary>
    public static ProcfsReadStatus TryReadBootTime(string procfsRoot, out ulong bootTimeSeconds)
    {
        bootTimeSeconds = 0;
        var status = ProcfsFile.TryReadOnce(ProcfsPaths.ForSystem(procfsRoot, "stat"), out var content);
        if (status != ProcfsReadStatus.Ok)
        {
            return status;
        }

        bootTimeSeconds = SystemStatParser.Parse(content).BootTimeSeconds
            ?? ThrowHelper.ThrowMalformed<ulong>(ProcfsInputs.SystemStat, "no btime line");
        return ProcfsReadStatus.Ok;
    }

    /// <summary>The wall-clock start of a process from its stat starttime (ticks after boot) and the boot time.</summary>
    public static DateTimeOffset StartTime(ulong bootTimeSeconds, ulong startTimeTicks) =>
        DateTimeOffset.UnixEpoch
            .AddSeconds(bootTimeSeconds)
            .AddTicks((long)((UInt128)startTimeTicks * TimeSpan.TicksPerSecond / (ulong)ClockTicksPerSecond));

    private static long ReadSysconf(int name, string label)
    {
        var value = Libc.SysConf(name);
        if (value <= 0)
        {
            throw new InvalidOperationException($"sysconf({label}) returned {value}; the procfs values cannot be converted without it.");
        }

        return value;
    }
}
