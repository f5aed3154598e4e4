using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>clock_gettime(2) from libc (served by the vDSO: no system call).</summary>
internal static unsafe partial class Libc
{
    /// <summary>CLOCK_BOOTTIME: time since boot, suspend included; the clock of the start time in /proc/[pid]/stat.</summary>
    private const int ClockBootTime = 7;

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
}
