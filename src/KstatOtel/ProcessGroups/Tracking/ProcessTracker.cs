using System.Globalization;
using KstatOtel.Diagnostics;
using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>
/// Follows the processes of a procfs root and sums them into groups. Each <see cref="Refresh"/> lists the pids,
/// reads every member through its kept-open files, adds each member's increase to its group, sorts new processes
/// into groups, tops up ended members from their exit records and adds processes seen only in exit records. Runs on
/// one thread (the refresh thread). Steady state, with no process starting or ending, allocates nothing.
/// </summary>
internal sealed partial class ProcessTracker : IDisposable
{
    /// <summary>Refreshes a tombstone is kept after its process ended, for a late exit record.</summary>
    private const int TombstoneRefreshes = 3;

    /// <summary>
    /// How far the start of a process in an exit record (whole seconds, from the monotonic clock) may be from the start
    /// procfs gives (clock ticks after boot, from the boot-time clock) for the two to be the same process, on a machine
    /// never suspended; the time spent suspended since boot is added (<see cref="startTolerance"/>).
    /// </summary>
    private const double StartToleranceSeconds = 2.0;

    /// <summary>Refreshes between two reads of a member's descriptor limit.</summary>
    private const int LimitsInterval = 12;

    /// <summary>Refreshes a new process no group took is re-read, in case it execs into a program a group takes.</summary>
    private const int RecheckRefreshes = 2;

    private readonly TrackerSettings settings;
    private double startTolerance = StartToleranceSeconds;
    private readonly string root;
    private readonly GroupSelector selector;
    private readonly UserNames users;
    private readonly ProcessFacts facts = new();
    private readonly Dictionary<int, ProcessEntry> live = [];
    private readonly Dictionary<int, ProcessEntry> tombstones = [];
    private readonly Queue<ProcessEntry> tombstoneOrder = new();
    private readonly List<int> pids = [];
    private readonly List<ulong> inodes = [];
    private readonly List<(int Pid, ulong Inode)> unknown = [];
    private readonly List<Candidate> candidates = [];
    private readonly List<int> tids = [];
    private readonly byte[] limitsBuffer = new byte[4096];

    /// <summary>One buffer for every kept-open file: members are read one at a time, each file parsed before the next read.</summary>
    private readonly ProcfsReadBuffer readBuffer = new(4096);
    private readonly byte[] taskListing;
    private readonly ProcessFiles memberFiles;
    private readonly int memberDescriptors;
    private ProcfsDirectory? listing;
    private ProcfsFile? systemStat;
    private ProcfsFile? delayAccounting;
    private ulong? lastForks;
    private bool budgetReported;
    private bool threadCapReported;
    private int keptDescriptors;
    private bool disposed;

    public ProcessTracker(TrackerSettings settings)
    {
        this.settings = settings;
        root = ProcfsPaths.Normalize(settings.ProcfsRoot);
        selector = settings.Selector;
        users = new UserNames(settings.UserLookup);
        Groups = new GroupRegistry(settings.MaxGroups, settings.RemoveEmptyGroups);
        UnattributedExits = settings.ExitRecords is null ? null : 0;
        memberFiles = ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.Io | ProcessFiles.FileDescriptors;
        memberDescriptors = 4;
        if (settings.IncludeProportionalSetSize)
        {
            memberFiles |= ProcessFiles.SmapsRollup;
            memberDescriptors++;
        }

        taskListing = settings.IncludeThreads ? ProcfsDirectory.CreateSharedBuffer() : [];
    }

    public GroupRegistry Groups { get; }

    /// <summary>Refreshes done so far.</summary>
    public long RefreshCount { get; private set; }

    /// <summary>The start of tracking, in clock ticks after boot: processes started later count from zero.</summary>
    public ulong TrackingStartTicks { get; private set; }

    /// <summary>Processes counted once because a read of theirs failed (content that did not parse, an I/O error).</summary>
    public long ReadFailures { get; private set; }

    /// <summary>Processes counted once because some of their files were missing while they lived.</summary>
    public long PartialReads { get; private set; }

    /// <summary>Processes counted once because some or all of their files were refused (another user's, hidepid).</summary>
    public long DeniedReads { get; private set; }

    /// <summary>
    /// Processes known only from their exit records, counted in their groups: they started and ended between two
    /// refreshes, or no refresh saw them in a group (unread, or exec'd into a program a group takes after their last read).
    /// </summary>
    public long UnseenExits { get; private set; }

    /// <summary>
    /// Processes known only from their exit records whose group cannot be told without their command line (a group
    /// that needs it comes first among those their comm matches): counted in no group. Null without exit records.
    /// </summary>
    public long? UnattributedExits { get; private set; }

    /// <summary>
    /// Without exit records: tasks created since the previous refresh (ROOT/stat "processes") that no refresh saw as a
    /// new process, summed; null when not measured (exit records are used, or the counter is not readable).
    /// </summary>
    public long? UnobservedTasks { get; private set; }

    /// <summary>The delay kinds the kernel fills now (bit per kind): the CPU delay always, the others with delay accounting on.</summary>
    public int FilledDelayKinds { get; private set; } = DelayKinds.AlwaysFilledMask;

    /// <summary>Tracked processes now.</summary>
    public int TrackedProcesses { get; private set; }

    /// <summary>Entries held now (tracked, ignored, denied, tombstones), for memory accounting.</summary>
    public int EntriesHeld => live.Count + tombstones.Count;

    /// <summary>Descriptors kept open now.</summary>
    public int KeptDescriptors => keptDescriptors;

    /// <summary>One refresh. Throws when the procfs root cannot be listed; everything per process is handled.</summary>
    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var first = RefreshCount == 0;
        var refresh = ++RefreshCount;
        if (first)
        {
            Start();
        }

        Groups.ResetGauges();
        ReadDelayAccounting();
        var suspended = (settings.SuspendedSeconds ?? Interop.Libc.SuspendedSeconds)();
        startTolerance = StartToleranceSeconds + (double.IsNaN(suspended) ? 0 : suspended);
        DrainExitRecords(first, refresh);
        var forks = ReadForks();
        List(refresh);

        var newProcesses = 0;
        unknown.Clear();
        for (var i = 0; i < pids.Count; i++)
        {
            var pid = pids[i];
            var inode = inodes[i];
            if (!live.TryGetValue(pid, out var entry))
            {
                unknown.Add((pid, inode));
                continue;
            }

            if (entry.Kind != EntryKind.Tracked && entry.Inode != 0 && inode != 0 && entry.Inode != inode)
            {
                // Another process holds the pid now (procfs made a new inode for it).
                End(entry, refresh);
                unknown.Add((pid, inode));
                continue;
            }

            entry.SeenRefresh = refresh;
            entry.Inode = inode;
            switch (entry.Kind)
            {
                case EntryKind.Tracked:
                    if (!RefreshMember(entry, refresh))
                    {
                        End(entry, refresh);
                        unknown.Add((pid, inode));
                    }

                    break;
                case EntryKind.Ignored when entry.RecheckStat is not null:
                    if (!Recheck(entry, refresh))
                    {
                        End(entry, refresh);
                        unknown.Add((pid, inode));
                    }

                    break;
            }
        }

        newProcesses += AdmitUnknown(first, refresh);
        Sweep(refresh);
        PurgeTombstones(refresh);
        CountUnobserved(first, forks, newProcesses);
        Groups.RemoveIdle(refresh);
        TrackedProcesses = CountTracked();
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var entry in live.Values)
        {
            entry.ReleaseFiles();
        }

        foreach (var entry in tombstones.Values)
        {
            entry.ReleaseFiles();
        }

        live.Clear();
        tombstones.Clear();
        listing?.Dispose();
        systemStat?.Dispose();
        delayAccounting?.Dispose();
    }

    private static ulong TicksToNanoseconds(ulong ticks, long perSecond) =>
        (ulong)((UInt128)ticks * 1_000_000_000UL / (ulong)perSecond);

    /// <summary>First refresh: opens the listing and the system files, and sets the start of tracking.</summary>
    private void Start()
    {
        var status = ProcfsDirectory.TryOpen(root, out listing);
        if (status != ProcfsReadStatus.Ok)
        {
            throw new IOException(
                $"The procfs root {root} cannot be listed ({status}). Check KstatInstrumentationOptions.ProcfsRoot: it must name a procfs mount (default /proc) readable by this process.");
        }

        if (ProcfsFile.TryOpen(ProcfsPaths.ForSystem(root, "stat"), out var stat, 8192) == ProcfsReadStatus.Ok)
        {
            systemStat = stat;
        }

        // Delays come from the thread-group queries and from exit records: either way, kernel.task_delayacct says
        // which kinds the kernel fills.
        if ((settings.Queries is not null || settings.ExitRecords is not null)
            && ProcfsFile.TryOpen(ProcfsPaths.ForSystem(root, "sys/kernel/task_delayacct"), out var delayacct, 128) == ProcfsReadStatus.Ok)
        {
            delayAccounting = delayacct;
        }

        // The start of tracking: now, as ticks after boot (ROOT/uptime); without that file, the newest process of this
        // first listing stands for it (set while admitting).
        if (ProcfsFile.TryReadOnce(ProcfsPaths.ForSystem(root, "uptime"), out var uptime) == ProcfsReadStatus.Ok)
        {
            var end = uptime.IndexOfAny((byte)' ', (byte)'\n');
            var text = System.Text.Encoding.ASCII.GetString(end < 0 ? uptime : uptime[..end]);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                TrackingStartTicks = (ulong)(seconds * settings.ClockTicksPerSecond);
            }
        }
    }

    private void List(long refresh)
    {
        var status = listing!.TryListNumericEntries(pids, inodes);
        if (status != ProcfsReadStatus.Ok)
        {
            throw new IOException($"Listing the procfs root {root} failed ({status}) at refresh {refresh}.");
        }
    }

    /// <summary>With taskstats on, which delay kinds the kernel fills now (kernel.task_delayacct).</summary>
    private void ReadDelayAccounting()
    {
        if (delayAccounting is null)
        {
            return;
        }

        try
        {
            if (delayAccounting.TryRead(out var content) == ProcfsReadStatus.Ok)
            {
                FilledDelayKinds = content.Length > 0 && content[0] == (byte)'1' ? DelayKinds.AllMask : DelayKinds.AlwaysFilledMask;
            }
        }
        catch (IOException)
        {
            FilledDelayKinds = DelayKinds.AlwaysFilledMask;
        }
    }

    /// <summary>The "processes" counter of ROOT/stat (tasks created since boot), when exit records are not used.</summary>
    private ulong? ReadForks()
    {
        if (systemStat is null || settings.ExitRecords is not null)
        {
            return null;
        }

        try
        {
            return systemStat.TryRead(out var content) == ProcfsReadStatus.Ok ? SystemStatParser.Parse(content).ProcessesCreated : null;
        }
        catch (MalformedInputException)
        {
            return null;
        }
    }

    private void CountUnobserved(bool first, ulong? forks, int newProcesses)
    {
        if (forks is not { } now)
        {
            return;
        }

        if (!first && lastForks is { } before && now >= before)
        {
            var created = (long)(now - before);
            UnobservedTasks = (UnobservedTasks ?? 0) + Math.Max(0, created - newProcesses);
        }
        else
        {
            UnobservedTasks ??= 0;
        }

        lastForks = now;
    }

    /// <summary>Ends the entries whose pid was not listed.</summary>
    private void Sweep(long refresh)
    {
        foreach (var entry in live.Values)
        {
            if (entry.SeenRefresh != refresh)
            {
                End(entry, refresh);
            }
        }
    }

    /// <summary>
    /// A process ended (or its pid was taken by another): a member leaves its group, keeping what it contributed, and
    /// stays as a tombstone for a late exit record; its files are closed.
    /// </summary>
    private void End(ProcessEntry entry, long refresh)
    {
        if (live.TryGetValue(entry.Pid, out var current) && ReferenceEquals(current, entry))
        {
            live.Remove(entry.Pid);
        }

        keptDescriptors -= entry.KeptDescriptors + (entry.Threads?.KeptDescriptors ?? 0);
        entry.KeptDescriptors = 0;
        entry.ReleaseFiles();
        if (entry.Kind != EntryKind.Tracked || entry.Group is null)
        {
            return;
        }

        entry.Group.Members--;
        entry.Group.LastActiveRefresh = refresh;
        if (!entry.ExitCounted)
        {
            entry.ExitCounted = true;
            entry.Group.Exits++;
        }

        Bury(entry, refresh);
    }

    private void Bury(ProcessEntry entry, long refresh)
    {
        entry.EndedRefresh = refresh;
        tombstones[entry.Pid] = entry;
        tombstoneOrder.Enqueue(entry);
    }

    private void PurgeTombstones(long refresh)
    {
        while (tombstoneOrder.TryPeek(out var oldest) && oldest.EndedRefresh <= refresh - TombstoneRefreshes)
        {
            tombstoneOrder.Dequeue();
            if (tombstones.TryGetValue(oldest.Pid, out var current) && ReferenceEquals(current, oldest))
            {
                tombstones.Remove(oldest.Pid);
            }
        }

        PurgePendingThreads(refresh);
    }

    private int CountTracked()
    {
        var count = 0;
        foreach (var entry in live.Values)
        {
            if (entry.Kind == EntryKind.Tracked)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The group of the nearest tracked ancestor of <paramref name="ppid"/> (for <see cref="TrackerSettings.TrackChildren"/>).</summary>
    private GroupState? AncestorGroup(int ppid)
    {
        for (var depth = 0; depth < 64 && ppid > 0; depth++)
        {
            if (!live.TryGetValue(ppid, out var ancestor))
            {
                return null;
            }

            if (ancestor.Kind == EntryKind.Tracked)
            {
                return ancestor.Group;
            }

            ppid = ancestor.Ppid;
        }

        return null;
    }

    /// <summary>Records once per process that a read of it failed, was partial, or was refused.</summary>
    private void Report(ProcessEntry entry, ReportedProblems problem, Exception? exception = null)
    {
        if ((entry.Reported & problem) != 0)
        {
            return;
        }

        entry.Reported |= problem;
        switch (problem)
        {
            case ReportedProblems.Failed:
                ReadFailures++;
                KstatOtelEventSource.Log.ProcessReadFailed(entry.Pid, exception?.Message ?? "unknown error");
                break;
            case ReportedProblems.Partial:
                PartialReads++;
                break;
            case ReportedProblems.Denied:
                DeniedReads++;
                break;
        }
    }

    /// <summary>True when <paramref name="descriptors"/> more may be kept open; reports the budget once when not.</summary>
    private bool TryReserveDescriptors(int descriptors)
    {
        if (keptDescriptors + descriptors <= settings.DescriptorBudget)
        {
            keptDescriptors += descriptors;
            return true;
        }

        if (!budgetReported)
        {
            budgetReported = true;
            KstatOtelEventSource.Log.DescriptorBudgetReached(settings.DescriptorBudget, CountTracked());
        }

        return false;
    }

    /// <summary>A new pid being admitted: its stat, read once.</summary>
    private struct Candidate
    {
        public int Pid;
        public ulong Inode;
        public ProcStat Stat;
        public ProcfsFile File;
    }
}
