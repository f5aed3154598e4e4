using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>CPU and elapsed times, and context switches: filled for tasks and thread groups.</summary>
public readonly partial struct TaskStats
{
    /// <summary>
    /// Time in user mode (ac_utime) as the kernel samples it: a tick at a time (with CONFIG_TICK_CPU_ACCOUNTING), minus
    /// stolen time. On a loaded virtual machine whose ticks arrive late, samples can fall far below the real CPU time
    /// (measured: 16 ms sampled for 151 ms run); <see cref="UserCpuTimeAdjusted"/> is what procfs reports.
    /// </summary>
    public TimeSpan? UserCpuTime => Microseconds(TaskStatsLayout.Utime, TaskStatsLayout.V2Basic, filledForThreadGroups: !_delaysOnlyThreadGroup);

    /// <summary>Time in kernel mode (ac_stime), tick-sampled like <see cref="UserCpuTime"/>; see <see cref="SystemCpuTimeAdjusted"/>.</summary>
    public TimeSpan? SystemCpuTime => Microseconds(TaskStatsLayout.Stime, TaskStatsLayout.V2Basic, filledForThreadGroups: !_delaysOnlyThreadGroup);

    /// <summary>
    /// User time as /proc/PID/stat and getrusage report it: the exact runtime (<see cref="CpuRunVirtualTotal"/>) split
    /// between user and system in the proportion of the tick samples, as the kernel's cputime_adjust does (without the
    /// clamp that keeps procfs values from going backwards between reads). <see cref="UserCpuTime"/> when the runtime is 0
    /// (a kernel without CONFIG_TASK_DELAY_ACCT). User plus system adds up to the runtime.
    /// </summary>
    public TimeSpan? UserCpuTimeAdjusted => AdjustedCpuTime(user: true);

    /// <summary>System time as /proc/PID/stat reports it; see <see cref="UserCpuTimeAdjusted"/>.</summary>
    public TimeSpan? SystemCpuTimeAdjusted => AdjustedCpuTime(user: false);

    /// <summary>Time since the task started (ac_etime); for a thread group, the sum over its threads.</summary>
    public TimeSpan? ElapsedTime => Microseconds(TaskStatsLayout.Etime, TaskStatsLayout.V2Basic, filledForThreadGroups: !_delaysOnlyThreadGroup);

    /// <summary>Time since the thread group's leader started (ac_tgetime, version 12 and later). Absent for thread groups.</summary>
    public TimeSpan? ThreadGroupElapsedTime => Microseconds(TaskStatsLayout.Tgetime, TaskStatsLayout.V12Exe, filledForThreadGroups: false);

    /// <summary>User time scaled by CPU frequency (ac_utimescaled; equals <see cref="UserCpuTime"/> on most systems). Absent for thread groups.</summary>
    public TimeSpan? UserCpuTimeScaled => Microseconds(TaskStatsLayout.UtimeScaled, TaskStatsLayout.V5Scaled, filledForThreadGroups: false);

    /// <summary>System time scaled by CPU frequency (ac_stimescaled). Absent for thread groups.</summary>
    public TimeSpan? SystemCpuTimeScaled => Microseconds(TaskStatsLayout.StimeScaled, TaskStatsLayout.V5Scaled, filledForThreadGroups: false);

    /// <summary>User plus system time as accounted by delay accounting (cpu_run_real_total, tick-granular).</summary>
    public TimeSpan? CpuRunRealTotal => Nanoseconds(TaskStatsLayout.CpuRunRealTotal, 1, filledForThreadGroups: true);

    /// <summary>Time actually run on a CPU, from the scheduler (cpu_run_virtual_total = sum_exec_runtime, nanosecond precision).</summary>
    public TimeSpan? CpuRunVirtualTotal => Nanoseconds(TaskStatsLayout.CpuRunVirtualTotal, 1, filledForThreadGroups: true);

    /// <summary><see cref="CpuRunRealTotal"/> scaled by CPU frequency (cpu_scaled_run_real_total).</summary>
    public TimeSpan? CpuScaledRunRealTotal => Nanoseconds(TaskStatsLayout.CpuScaledRunRealTotal, TaskStatsLayout.V5Scaled, filledForThreadGroups: true);

    /// <summary>Voluntary context switches (nvcsw): the task blocked or yielded.</summary>
    public ulong? VoluntaryContextSwitches => UInt64(TaskStatsLayout.Nvcsw, TaskStatsLayout.V4ContextSwitches, filledForThreadGroups: !_delaysOnlyThreadGroup);

    /// <summary>Involuntary context switches (nivcsw): the task was preempted.</summary>
    public ulong? InvoluntaryContextSwitches => UInt64(TaskStatsLayout.Nivcsw, TaskStatsLayout.V4ContextSwitches, filledForThreadGroups: !_delaysOnlyThreadGroup);

    private TimeSpan? AdjustedCpuTime(bool user)
    {
        if (UInt64(TaskStatsLayout.Utime, TaskStatsLayout.V2Basic, filledForThreadGroups: !_delaysOnlyThreadGroup) is not { } utime
            || UInt64(TaskStatsLayout.Stime, TaskStatsLayout.V2Basic, filledForThreadGroups: !_delaysOnlyThreadGroup) is not { } stime
            || UInt64(TaskStatsLayout.CpuRunVirtualTotal, 1, filledForThreadGroups: true) is not { } runtime)
        {
            return null;
        }

        if (runtime == 0)
        {
            return Durations.FromMicroseconds(user ? utime : stime);
        }

        // cputime_adjust: stime' = stime * rtime / (stime + utime), utime' = rtime - stime'; all time to the side that has any.
        ulong adjustedSystem;
        if (stime == 0)
        {
            adjustedSystem = 0;
        }
        else if (utime == 0)
        {
            adjustedSystem = runtime;
        }
        else
        {
            adjustedSystem = (ulong)((UInt128)stime * runtime / ((UInt128)stime + utime));
        }

        return Durations.FromNanoseconds(user ? runtime - adjustedSystem : adjustedSystem);
    }
}
