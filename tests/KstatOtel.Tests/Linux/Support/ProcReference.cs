using System.Globalization;
using System.Runtime.InteropServices;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// What /proc says about a process, read the plain way (whole-file reads and string splitting), independently of the
/// package's parsers: the reference the published values are checked against.
/// </summary>
internal sealed record ProcReference(
    double UserSeconds,
    double SystemSeconds,
    long MinorFaults,
    long MajorFaults,
    long Threads,
    long VirtualBytes,
    long ResidentBytes,
    double StartSecondsAfterBoot,
    long? ReadBytes,
    long? WriteBytes,
    int FileDescriptors,
    double UptimeOfSystem)
{
    private static readonly double ClockTick = 100; // USER_HZ; checked against sysconf below

    public static ProcReference Read(int pid)
    {
        var ticks = (double)TestPosix.SysConf(2);
        if (ticks <= 0)
        {
            ticks = ClockTick;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // fields[0] is field 3 (state): field N is fields[N - 3].
        long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        var io = File.Exists($"/proc/{pid}/io") ? TryReadIo(pid) : null;
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcReference(
            Field(14) / ticks,
            Field(15) / ticks,
            Field(10),
            Field(12),
            Field(20),
            Field(23),
            Field(24) * Environment.SystemPageSize,
            Field(22) / ticks,
            io?.Read,
            io?.Write,
            Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length,
            uptime);
    }

    private static (long Read, long Write)? TryReadIo(int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/io").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
            return (lines["read_bytes"], lines["write_bytes"]);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>libc calls the instrumentation tests cross-check with.</summary>
internal static unsafe partial class TestPosix
{
    [LibraryImport("libc", EntryPoint = "sysconf")]
    public static partial long SysConf(int name);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, long* usage);

    /// <summary>getrusage(RUSAGE_SELF) ru_nvcsw and ru_nivcsw (64-bit layout: 2 timevals, then 14 longs).</summary>
    public static (long Voluntary, long Involuntary) SelfContextSwitches()
    {
        var usage = stackalloc long[18];
        if (GetRusage(0, usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (usage[4 + 12], usage[4 + 13]);
    }
}
