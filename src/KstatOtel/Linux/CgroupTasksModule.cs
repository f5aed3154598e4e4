using KstatOtel.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Interop;
using KstatOtel.Modules;
using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.Linux;

/// <summary>
/// Task counts by state of the cgroup that holds the own process in the cgroup v1 cpu (or cpuacct) hierarchy, from a
/// taskstats CGROUPSTATS_CMD_GET query (no privilege needed). The kernel answers only for cgroup v1 directories; on a
/// host with cgroup v2 alone there is no such directory and the module is not created. The cgroup is located and its
/// directory opened once, at start; each refresh is one query on the kept-open directory.
/// </summary>
internal sealed class CgroupTasksModule : KstatModule<CgroupTasksPart>
{
    public const string ModuleName = "linux-cgroup";
    public const string StateKey = "kstatotel.cgroup.task.state";
    public const string PathKey = "kstatotel.cgroup.path";

    private readonly TaskstatsClient _client;
    private readonly SafeFileDescriptor _directory;
    private readonly KeyValuePair<string, object?>[] _running;
    private readonly KeyValuePair<string, object?>[] _sleeping;
    private readonly KeyValuePair<string, object?>[] _uninterruptible;
    private readonly KeyValuePair<string, object?>[] _stopped;
    private readonly KeyValuePair<string, object?>[] _ioWait;

    private CgroupTasksModule(TaskstatsClient client, SafeFileDescriptor directory, CgroupV1Directory cgroup)
    {
        _client = client;
        _directory = directory;
        Cgroup = cgroup;
        _running = Tags("running", cgroup.CgroupPath);
        _sleeping = Tags("sleeping", cgroup.CgroupPath);
        _uninterruptible = Tags("uninterruptible", cgroup.CgroupPath);
        _stopped = Tags("stopped", cgroup.CgroupPath);
        _ioWait = Tags("io_wait", cgroup.CgroupPath);
    }

    public override string Name => ModuleName;

    /// <summary>The cgroup counted.</summary>
    public CgroupV1Directory Cgroup { get; }

    /// <summary>
    /// Finds the own cgroup in the v1 cpu or cpuacct hierarchy and checks that the kernel answers for it; null (with an
    /// event saying why) otherwise.
    /// </summary>
    public static CgroupTasksModule? TryCreate(KstatInstrumentationOptions options)
    {
        const string Metric = "kstatotel.cgroup.tasks";
        CgroupDirectories? directories;
        try
        {
            var status = CgroupLocator.TryResolve(options.ProcfsRoot, Environment.ProcessId, out directories);
            if (status != ProcfsReadStatus.Ok)
            {
                KstatOtelEventSource.Log.MetricUnavailable(Metric, $"the own cgroup could not be read from {ProcfsPaths.ForProcess(options.ProcfsRoot, Environment.ProcessId, "cgroup")} ({status}).");
                return null;
            }
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            KstatOtelEventSource.Log.MetricUnavailable(Metric, $"the own cgroup could not be located: {e.Message}");
            return null;
        }

        var cgroup = directories!.FindV1("cpu") ?? directories.FindV1("cpuacct");
        if (cgroup is null)
        {
            KstatOtelEventSource.Log.MetricUnavailable(Metric, "no cgroup v1 cpu or cpuacct hierarchy holds this process (cgroupstats answers for cgroup v1 directories only; a cgroup v2-only host has none).");
            return null;
        }

        var fd = Libc.Open(cgroup.Directory, Libc.ORdOnly | Libc.OCloExec, out var errno);
        if (fd < 0)
        {
            KstatOtelEventSource.Log.MetricUnavailable(Metric, $"the cgroup directory {cgroup.Directory} could not be opened: {Errno.Describe(errno)}.");
            return null;
        }

        var directory = new SafeFileDescriptor(fd);
        TaskstatsClient? client = null;
        try
        {
            client = TaskstatsClient.Open();
            client.CgroupStatsOfOpenDirectory(directory, cgroup.Directory);
        }
        catch (Exception e) when (e is TaskstatsException or TaskstatsProtocolException or PlatformNotSupportedException)
        {
            client?.Dispose();
            directory.Dispose();
            KstatOtelEventSource.Log.MetricUnavailable(Metric, $"cgroupstats for {cgroup.Directory} failed: {e.Message}");
            return null;
        }

        KstatOtelEventSource.Log.SourceChosen("cgroup task states", "taskstats cgroupstats", $"the process is in {cgroup.CgroupPath} of the cgroup v1 hierarchy {cgroup.Controllers}, counted at {cgroup.Directory}.");
        return new CgroupTasksModule(client, directory, cgroup);
    }

    protected override void Refresh(CgroupTasksPart part)
    {
        var stats = _client.CgroupStatsOfOpenDirectory(_directory, Cgroup.Directory);
        part.Running = Saturate(stats.Running);
        part.Sleeping = Saturate(stats.Sleeping);
        part.Uninterruptible = Saturate(stats.Uninterruptible);
        part.Stopped = Saturate(stats.Stopped);
        part.IoWait = Saturate(stats.IoWait);
    }

    protected override void CreateInstruments(PartInstruments<CgroupTasksPart> instruments)
    {
        var running = _running;
        var sleeping = _sleeping;
        var uninterruptible = _uninterruptible;
        var stopped = _stopped;
        var ioWait = _ioWait;
        instruments.UpDownCounter<long>(
            "kstatotel.cgroup.tasks",
            "{task}",
            "Tasks (threads) of the process's cgroup v1 cpu hierarchy group by state, from taskstats cgroupstats.",
            (part, batch) =>
            {
                batch.Add(part.Running, running);
                batch.Add(part.Sleeping, sleeping);
                batch.Add(part.Uninterruptible, uninterruptible);
                batch.Add(part.Stopped, stopped);
                batch.Add(part.IoWait, ioWait);
            });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
            _directory.Dispose();
        }

        base.Dispose(disposing);
    }

    private static KeyValuePair<string, object?>[] Tags(string state, string path) => [new(StateKey, state), new(PathKey, path)];

    private static long Saturate(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
