using KstatOtel.Diagnostics;
using KstatOtel.Modules;
using KstatOtel.Taskstats;

namespace KstatOtel.Linux;

/// <summary>
/// Chooses, once at start, the Linux modules and where the own process's statistics come from, and reports the choice
/// with its reason through the event source.
/// </summary>
internal static class LinuxModules
{
    /// <summary>How to grant the capability taskstats queries need, for the events.</summary>
    public const string NetAdminFix =
        "grant CAP_NET_ADMIN (checked in the initial user namespace): 'setcap cap_net_admin+ep' on the executable (for a .NET app, its apphost), " +
        "systemd 'AmbientCapabilities=CAP_NET_ADMIN', Docker or Podman '--cap-add NET_ADMIN', Kubernetes 'securityContext.capabilities.add: [NET_ADMIN]'. " +
        "Root inside a user namespace (rootless containers) cannot have it.";

    private const string What = "the own process";

    /// <summary>The process families served by the process module.</summary>
    private const KstatMetricFamilies ProcessFamilies = KstatMetricFamilies.Process | KstatMetricFamilies.ProcessDelayMaximum;

    /// <summary>The families a taskstats query serves better than procfs (or alone).</summary>
    private const KstatMetricFamilies TaskstatsFamilies =
        KstatMetricFamilies.ProcessCpu | KstatMetricFamilies.ProcessContextSwitches | KstatMetricFamilies.ProcessDelays;

    /// <summary>Adds the modules that apply on this Linux system with these options.</summary>
    public static void AddTo(List<IKstatModule> modules, KstatInstrumentationOptions options)
    {
        if ((options.Metrics & ProcessFamilies) != 0)
        {
            var taskstats = ChooseTaskstats(options, out var notUsed);
            if (taskstats is null && notUsed is not null && options.Metrics.HasFlag(KstatMetricFamilies.ProcessDelays))
            {
                KstatOtelEventSource.Log.MetricUnavailable("kstatotel.process.delay.*", "delay accounting comes from taskstats, which is not used: " + notUsed);
            }

            if (LinuxProcessModule.TryCreate(options, taskstats) is { } process)
            {
                modules.Add(process);
            }
        }

        if (options.Metrics.HasFlag(KstatMetricFamilies.CgroupTasks) && CgroupTasksModule.TryCreate(options) is { } cgroup)
        {
            modules.Add(cgroup);
        }
    }

    /// <summary>
    /// An open taskstats client that answered a thread-group query of this process, or null when procfs alone serves it
    /// (forced, not needed, not permitted or not available).
    /// </summary>
    internal static TaskstatsClient? ChooseTaskstats(KstatInstrumentationOptions options) => ChooseTaskstats(options, out _);

    /// <summary>
    /// <see cref="ChooseTaskstats(KstatInstrumentationOptions)"/>, with why taskstats is not used when that is worth a
    /// warning beside the informational SourceChosen (null when it is used or the failure was already reported as a warning).
    /// </summary>
    internal static TaskstatsClient? ChooseTaskstats(KstatInstrumentationOptions options, out string? notUsed)
    {
        notUsed = null;
        if (options.LinuxSource == LinuxProcessSource.Procfs)
        {
            KstatOtelEventSource.Log.SourceChosen(What, "procfs", "forced by LinuxSource = Procfs: CPU times from /proc/[pid]/stat, context switches from getrusage, no delay accounting.");
            notUsed = "LinuxSource = Procfs forces procfs alone. Fix: leave LinuxSource at Automatic, or take ProcessDelays out of Metrics.";
            return null;
        }

        if ((options.Metrics & TaskstatsFamilies) == 0)
        {
            KstatOtelEventSource.Log.SourceChosen(What, "procfs", "none of the metric families that come from taskstats (ProcessCpu, ProcessContextSwitches, ProcessDelays) is on.");
            return null;
        }

        var forced = options.LinuxSource == LinuxProcessSource.Taskstats;
        TaskstatsClient? client = null;
        try
        {
            client = TaskstatsClient.Open();
            if (!client.TrySelf(out _))
            {
                throw new TaskstatsException(3, "The taskstats thread-group query of this process answered ESRCH.");
            }

            KstatOtelEventSource.Log.SourceChosen(
                What,
                "taskstats + procfs",
                (forced ? "forced by LinuxSource = Taskstats, and " : string.Empty) +
                "taskstats answered a thread-group query of this process (CAP_NET_ADMIN is held): CPU times, context switches and delay accounting from taskstats; memory, faults, I/O, threads and descriptors from procfs, which a thread-group query leaves empty.");
            return client;
        }
        catch (TaskstatsException e) when (e.IsPermissionDenied)
        {
            client?.Dispose();
            if (forced)
            {
                KstatOtelEventSource.Log.PrivilegeMissing("taskstats (LinuxSource = Taskstats)", "the kernel refused a taskstats query of this process (EPERM): the process lacks CAP_NET_ADMIN in the initial user namespace. procfs serves the process metrics meanwhile, without delay accounting.", NetAdminFix);
                KstatOtelEventSource.Log.SourceChosen(What, "procfs", "LinuxSource = Taskstats, but the kernel refused the query (EPERM); procfs keeps the process metrics flowing, without delay accounting.");
            }
            else
            {
                KstatOtelEventSource.Log.SourceChosen(What, "procfs", "taskstats refused a query (EPERM): the process lacks CAP_NET_ADMIN in the initial user namespace. procfs serves every process metric but delay accounting; for delay accounting, " + NetAdminFix);
                notUsed = "the kernel refused a taskstats query of this process (EPERM): it lacks CAP_NET_ADMIN in the initial user namespace. Fix: " + NetAdminFix;
            }

            return null;
        }
        catch (Exception e) when (e is TaskstatsException or TaskstatsProtocolException or PlatformNotSupportedException)
        {
            client?.Dispose();
            if (forced)
            {
                KstatOtelEventSource.Log.MetricUnavailable("kstatotel.process.delay.*", $"LinuxSource = Taskstats, but taskstats is not usable: {e.Message}");
            }

            KstatOtelEventSource.Log.SourceChosen(What, "procfs", $"taskstats is not usable here: {e.Message}");
            notUsed = forced ? null : $"taskstats is not usable here: {e.Message}";
            return null;
        }
    }
}
