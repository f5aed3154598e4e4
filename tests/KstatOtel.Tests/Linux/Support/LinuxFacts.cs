namespace KstatOtel.Tests.Linux.Support;

/// <summary>Facts about this machine that decide which instruments exist.</summary>
internal static class LinuxFacts
{
    private const string DelayAccountingSysctl = "/proc/sys/kernel/task_delayacct";

    /// <summary>True when the test process is in a cgroup v1 cpu or cpuacct hierarchy (cgroupstats answers then).</summary>
    public static bool HasCgroupV1Cpu => File.ReadAllLines("/proc/self/cgroup")
        .Select(l => l.Split(':'))
        .Any(p => p.Length == 3 && p[1].Split(',').Any(c => c is "cpu" or "cpuacct"));

    public static bool HasDelayAccountingSysctl => File.Exists(DelayAccountingSysctl);

    public static string ReadDelayAccounting() => File.ReadAllText(DelayAccountingSysctl).Trim();

    public static void WriteDelayAccounting(string value) => File.WriteAllText(DelayAccountingSysctl, value);
}
