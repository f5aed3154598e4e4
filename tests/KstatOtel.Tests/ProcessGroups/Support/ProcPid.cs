using System.Globalization;

namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>Reads /proc/PID files the simple way (strings), to check the instrumentation against.</summary>
internal static class ProcPid
{
    public static readonly long ClockTicks = KstatOtel.Procfs.ProcfsSystem.ClockTicksPerSecond;

    /// <summary>The fields after the comm of /proc/PID/stat, numbered like proc(5) (index 3 is the state).</summary>
    public static string[] Stat(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var rest = text[(text.LastIndexOf(')') + 2)..].TrimEnd('\n').Split(' ');
        return ["", "", "", .. rest];
    }

    /// <summary>User plus system CPU, in seconds, from stat.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = Stat(pid);
        return (double.Parse(stat[14], CultureInfo.InvariantCulture) + double.Parse(stat[15], CultureInfo.InvariantCulture)) / ClockTicks;
    }

    /// <summary>A "Key:  N kB" line of status, in bytes; null when absent.</summary>
    public static long? StatusBytes(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    public static string State(int pid) => Stat(pid)[3];
}
