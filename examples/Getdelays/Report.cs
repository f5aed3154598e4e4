using System.Globalization;
using System.Text;
using KstatOtel.Taskstats;

namespace Getdelays;

/// <summary>Formats taskstats records as human-readable blocks, one per task or thread group.</summary>
internal static class Report
{
    private static readonly (TaskDelayKind Kind, string Name)[] DelayNames =
    [
        (TaskDelayKind.Cpu, "cpu"),
        (TaskDelayKind.BlockIo, "block I/O"),
        (TaskDelayKind.SwapIn, "swap-in"),
        (TaskDelayKind.FreePages, "reclaim"),
        (TaskDelayKind.Thrashing, "thrashing"),
        (TaskDelayKind.Compact, "compaction"),
        (TaskDelayKind.WriteProtectCopy, "wp copy"),
        (TaskDelayKind.Irq, "irq"),
    ];

    public static string Format(in TaskStats stats, Options options)
    {
        var text = new StringBuilder();
        text.Append(stats.Scope == TaskStatsScope.ThreadGroup ? "TGID " : "PID ").Append(stats.Id.ToString(CultureInfo.InvariantCulture));
        if (stats.Command is { } command)
        {
            text.Append(" (").Append(command).Append(')');
        }

        if (stats.IsExitRecord)
        {
            text.Append(stats.Scope == TaskStatsScope.ThreadGroup ? "  process exited" : $"  exited: {ExitText(stats)}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  cpu: user {Ms(stats.UserCpuTimeAdjusted)}, system {Ms(stats.SystemCpuTimeAdjusted)}, run {Ms(stats.CpuRunVirtualTotal)} (tick samples: user {Ms(stats.UserCpuTime)}, system {Ms(stats.SystemCpuTime)}); elapsed {Seconds(stats.ElapsedTime)}");

        if (options.Delays)
        {
            text.AppendLine("  delay            count          total        average            max            min");
            foreach (var (kind, name) in DelayNames)
            {
                if (stats.GetDelay(kind) is { } delay)
                {
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"  {name,-10}{delay.Count,11} {Ms(delay.Total),14} {Ms(delay.Average),14} {Ms(delay.Max),14} {Ms(delay.Min),14}");
                }
            }
        }

        if (options.Io)
        {
            if (stats.ReadBytes is null && stats.Scope == TaskStatsScope.ThreadGroup)
            {
                text.AppendLine("  io: the kernel does not report I/O for thread groups; query a task with -p");
            }
            else
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  io: read {Bytes(stats.ReadBytes)} from storage, written {Bytes(stats.WriteBytes)} (cancelled {Bytes(stats.CancelledWriteBytes)}); read() {Bytes(stats.ReadChars)} in {Count(stats.ReadSyscalls)} calls, write() {Bytes(stats.WriteChars)} in {Count(stats.WriteSyscalls)} calls");
            }
        }

        if (options.ContextSwitches)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  context switches: voluntary {Count(stats.VoluntaryContextSwitches)}, involuntary {Count(stats.InvoluntaryContextSwitches)}");
        }

        if (options.Verbose)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  struct version {stats.Version} ({stats.ReturnedBytes} bytes); pid {Count(stats.ProcessId)}, ppid {Count(stats.ParentProcessId)}, tgid {Count(stats.ThreadGroupId)}, uid {Count(stats.UserId)}, gid {Count(stats.GroupId)}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  started {stats.StartTime?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}, nice {Count(stats.Nice)}, policy {Count(stats.SchedulingPolicy)}, flags {stats.Flags?.ToString() ?? "-"}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  faults: minor {Count(stats.MinorFaults)}, major {Count(stats.MajorFaults)}; peak rss {Bytes(stats.PeakResidentBytes)}, peak vm {Bytes(stats.PeakVirtualBytes)}; exe dev {Count(stats.ExecutableDevice)} inode {Count(stats.ExecutableInode)}");
        }

        return text.ToString();
    }

    public static string Format(string directory, CgroupStats stats) =>
        string.Create(CultureInfo.InvariantCulture,
            $"cgroup {directory}\n  sleeping {stats.Sleeping}, running {stats.Running}, stopped {stats.Stopped}, uninterruptible {stats.Uninterruptible}, io wait {stats.IoWait}\n");

    /// <summary>A note when delay accounting is off, since most delays then stay at 0.</summary>
    public static string? DelayAccountingNote() => TaskstatsClient.GetDelayAccountingState() switch
    {
        DelayAccountingState.Disabled =>
            "note: delay accounting is off (kernel.task_delayacct = 0): only the cpu delay is recorded. Turn it on with 'sysctl -w kernel.task_delayacct=1' (or the delayacct boot parameter); it covers tasks started afterwards.",
        _ => null,
    };

    private static string ExitText(in TaskStats stats) =>
        stats.ExitCode is { } code ? $"code {code}"
        : stats.TerminationSignal is { } signal ? $"killed by signal {signal}"
        : "-";

    private static string Ms(TimeSpan? value) =>
        value is { } v ? v.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "-";

    private static string Seconds(TimeSpan? value) =>
        value is { } v ? v.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "-";

    private static string Count<T>(T? value)
        where T : struct, IFormattable =>
        value is { } v ? v.ToString(null, CultureInfo.InvariantCulture) : "-";

    private static string Bytes(ulong? value) => value switch
    {
        null => "-",
        >= 10UL * 1024 * 1024 => (value.Value / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB",
        >= 10UL * 1024 => (value.Value / 1024).ToString(CultureInfo.InvariantCulture) + " KiB",
        _ => value.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
