using KstatOtel.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups;

/// <summary>
/// Process groups (Linux): every process of the procfs root sorted into the configured groups, each group's counters
/// summed over its members (never decreasing), its gauges over its live members, plus the exit records of processes
/// that end between refreshes where taskstats is permitted.
/// </summary>
internal sealed class ProcessGroupsModule : KstatModule<ProcessGroupsPart>
{
    private readonly ProcessTracker tracker;
    private readonly ExitRecordListener? listener;
    private readonly ThreadGroupQueries? queries;
    private readonly bool threads;
    private readonly bool proportional;

    internal ProcessGroupsModule(ProcessTracker tracker, ExitRecordListener? listener, ThreadGroupQueries? queries, bool threads, bool proportional)
    {
        this.tracker = tracker;
        this.listener = listener;
        this.queries = queries;
        this.threads = threads;
        this.proportional = proportional;
    }

    public override string Name => "process-groups";

    /// <summary>The tracker (for tests and tools).</summary>
    internal ProcessTracker Tracker => tracker;

    /// <summary>The exit-record listener, when taskstats permits it (for tests).</summary>
    internal ExitRecordListener? Listener => listener;

    /// <summary>True where process groups can be read: Linux.</summary>
    public static bool Applies(KstatInstrumentationOptions options) => options.ProcessGroups.IsEnabled && OperatingSystem.IsLinux();

    /// <summary>Sets the module up from the options: compiles the groups, decides on taskstats, sizes the descriptor budget.</summary>
    public static ProcessGroupsModule Create(KstatInstrumentationOptions options)
    {
        var groups = options.ProcessGroups;
        var root = ProcfsPaths.Normalize(options.ProcfsRoot);
        var selector = new GroupSelector(groups.Groups);
        foreach (var matcher in selector.Matchers)
        {
            if ((matcher.Template.Uses & TemplateInputs.Pid) != 0)
            {
                KstatOtelEventSource.Log.PidInGroupName(matcher.Template.Text);
            }

            foreach (var entry in matcher.LongComms)
            {
                var prefix = System.Text.Encoding.UTF8.GetBytes(entry).AsSpan(0, GroupMatcher.CommBytes);
                KstatOtelEventSource.Log.LongCommEntry(matcher.Template.Text, entry, System.Text.Encoding.UTF8.GetString(prefix));
            }
        }

        var (queries, listener) = TaskstatsAccess.Open(groups, root);
        try
        {
            var settings = new TrackerSettings
            {
                ProcfsRoot = root,
                Selector = selector,
                TrackChildren = groups.TrackChildren,
                RemoveEmptyGroups = groups.RemoveEmptyGroups,
                MaxGroups = groups.MaxGroups,
                IncludeThreads = groups.IncludeThreads,
                IncludeProportionalSetSize = groups.IncludeProportionalSetSize,
                BootTimeSeconds = ReadBootTime(root),
                DescriptorBudget = DescriptorBudget(),
                ExitRecords = listener?.Queue,
                Queries = queries,
            };
            return new ProcessGroupsModule(new ProcessTracker(settings), listener, queries, groups.IncludeThreads, groups.IncludeProportionalSetSize);
        }
        catch
        {
            listener?.Dispose();
            queries?.Dispose();
            throw;
        }
    }

    protected override void Refresh(ProcessGroupsPart part)
    {
        tracker.Refresh();
        part.Fill(tracker, listener?.LostRecords);
    }

    protected override void CreateInstruments(PartInstruments<ProcessGroupsPart> instruments) =>
        ProcessGroupInstruments.Create(instruments, threads, proportional);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            listener?.Dispose();
            tracker.Dispose();
            queries?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static ulong? ReadBootTime(string root)
    {
        try
        {
            return ProcfsSystem.TryReadBootTime(root, out var seconds) == ProcfsReadStatus.Ok ? seconds : null;
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            return null;
        }
    }

    /// <summary>Half the soft open-file limit of this process: what the tracker may keep open.</summary>
    private static int DescriptorBudget()
    {
        try
        {
            if (ProcfsFile.TryReadOnce("/proc/self/limits", out var content) == ProcfsReadStatus.Ok)
            {
                var soft = ProcLimitsParser.Parse(content).OpenFiles?.Soft;
                return soft is { } limit ? (int)Math.Clamp(limit / 2, 64, 1_000_000) : 1_000_000;
            }
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
        }

        return 512;
    }
}
