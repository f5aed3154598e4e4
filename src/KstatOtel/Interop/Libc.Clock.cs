using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>clock_gettime(2) from libc (served by the vDSO: no system call).</summary>
internal static unsafe partial class Libc
{
    /// <summary>CLOCK_BOOTTIME: time since boot, suspend included; the clock of the start time in /proc/[pid]/stat.</summary>
    private const int ClockBootTime = 7;

    /// <summary>CLOCK_MONOTONIC: time since boot without suspend; the clock of a task's start in taskstats.</summary>
    private const int ClockMonotonic = 1;

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTimeCore(int clock, long* timespec);

    /// <summary>Seconds since boot (CLOCK_BOOTTIME), or NaN when the clock cannot be read.</summary>
    public static double BootTimeSeconds()
    {
        // struct timespec { time_t tv_sec; long tv_nsec; } on 64-bit Linux.
        var timespec = stackalloc long[2];
        return ClockGetTimeCore(ClockBootTime, timespec) == 0
            ? timespec[0] + (timespec[1] / 1e9)
            : double.NaN;
    }

    /// <summary>
    /// Seconds the machine spent suspended since boot: CLOCK_BOOTTIME minus CLOCK_MONOTONIC (which stops while
    /// suspended); 0 on a machine never suspended, NaN when a clock cannot be read.
    /// </summary>
    public static double SuspendedSeconds()
    {
        var timespec = stackalloc long[2];
        if (ClockGetTimeCore(ClockBootTime, timespec) != 0)
        {
            return double.NaN;
        }

        var boot = timespec[0] + (timespec[1] / 1e9);
        return ClockGetTimeCore(ClockMonotonic, timespec) == 0
            ? Math.Max(0, boot - (timespec[0] + (timespec[1] / 1e9)))
            : double.NaN;
    }
}
