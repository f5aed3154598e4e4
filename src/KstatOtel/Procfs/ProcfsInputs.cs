namespace KstatOtel.Procfs;

/// <summary>The names parsers give their input in <see cref="MalformedInputException"/> messages.</summary>
internal static class ProcfsInputs
{
    public const string Stat = "/proc/[pid]/stat";
    public const string Status = "/proc/[pid]/status";
    public const string Io = "/proc/[pid]/io";
    public const string Statm = "/proc/[pid]/statm";
    public const string Limits = "/proc/[pid]/limits";
    public const string SmapsRollup = "/proc/[pid]/smaps_rollup";
    public const string Cgroup = "/proc/[pid]/cgroup";
    public const string MountInfo = "/proc/[pid]/mountinfo";
    public const string Wchan = "/proc/[pid]/wchan";
    public const string SystemStat = "/proc/stat";
}
