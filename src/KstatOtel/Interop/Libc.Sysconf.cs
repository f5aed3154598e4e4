using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>sysconf(3) from libc.</summary>
internal static partial class Libc
{
    /// <summary>_SC_CLK_TCK: clock ticks per second, the unit of the times in /proc/[pid]/stat.</summary>
    public const int ScClkTck = 2;

    /// <summary>_SC_PAGESIZE: bytes per page, the unit of rss in /proc/[pid]/stat and of /proc/[pid]/statm.</summary>
    public const int ScPageSize = 30;

    [LibraryImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    public static partial long SysConf(int name);
}
