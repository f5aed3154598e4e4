using System.Globalization;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>The procfs values the kernel tests compare taskstats with.</summary>
internal static class Procfs
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/*/stat (100 on Linux, sysconf(_SC_CLK_TCK)).</summary>
    public const int ClockTicksPerSecond = 100;

    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1.0 / ClockTicksPerSecond);

    /// <summary>utime + stime of a stat file (/proc/self/stat: the whole process; /proc/self/task/TID/stat: a thread).</summary>
    public static TimeSpan CpuTime(string path)
    {
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / ClockTicksPerSecond);
    }

    /// <summary>A "Name: value" line of a status file, as a number.</summary>
    public static ulong StatusField(string path, string name)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return ulong.Parse(line[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"{name} not in {path}");
    }

    /// <summary>A "name: value" line of /proc/PID/io.</summary>
    public static ulong IoField(int pid, string name) => StatusField($"/proc/{pid}/io", name);

    /// <summary>The id of the calling thread, from the /proc/thread-self link ("PID/task/TID").</summary>
    public static int CurrentThreadId()
    {
        var target = new DirectoryInfo("/proc/thread-self").LinkTarget ?? throw new InvalidOperationException("no /proc/thread-self");
        return int.Parse(target[(target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }
}
