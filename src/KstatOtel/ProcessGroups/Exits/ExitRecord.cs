using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups.Exits;

/// <summary>
/// What the tracker needs from the taskstats exit record(s) of one task: who it was (ids in the initial PID namespace,
/// comm, user, start) and its final usage. For the last thread of a process, <see cref="IsProcessEnd"/> is set and
/// <see cref="Usage"/> holds the whole process where the kernel says it: from the thread-group record when the process
/// had several threads (CPU, context switches, delays; no faults or I/O there, those of the last thread are in
/// <see cref="ThreadUsage"/>), from the task record of a single-threaded process.
/// </summary>
internal struct ExitRecord
{
    /// <summary>The process (thread group) id.</summary>
    public int Tgid;

    /// <summary>The task (thread) id.</summary>
    public int Tid;

    public int Ppid;

    public uint? Uid;

    /// <summary>The start, in seconds since the Unix epoch; 0 when not in the record.</summary>
    public long StartSeconds;

    public TaskComm Comm;

    /// <summary>True for the record of a process's last thread.</summary>
    public bool IsProcessEnd;

    /// <summary>True when a thread-group record came with it (the process had several threads).</summary>
    public bool HadThreads;

    /// <summary>The process's final usage (for <see cref="IsProcessEnd"/>), or the thread's.</summary>
    public UsageCounters Usage;

    /// <summary>The exiting thread's own usage (faults and I/O are per thread in exit records).</summary>
    public UsageCounters ThreadUsage;

    /// <summary>Builds the record of an exiting task, and of its process when <paramref name="group"/> is given.</summary>
    public static ExitRecord From(in TaskStats task, in TaskStats group, bool hasGroup)
    {
        var record = default(ExitRecord);
        record.Tid = task.ProcessId ?? task.Id;
        record.Tgid = task.ThreadGroupId ?? (hasGroup ? group.Id : record.Tid);
        record.Ppid = task.ParentProcessId ?? 0;
        record.Uid = task.UserId;
        record.StartSeconds = task.StartTime?.ToUnixTimeSeconds() ?? 0;
        var comm = task.CommandUtf8;
        if (comm.Length > TaskComm.Capacity)
        {
            comm = comm[..TaskComm.Capacity];
        }

        TaskComm.TryCreate(comm, out record.Comm);
        record.IsProcessEnd = hasGroup || ((task.Flags ?? TaskAccountingBits.None) & TaskAccountingBits.LastInGroup) != 0;
        record.HadThreads = hasGroup;
        record.ThreadUsage = Read(task, withTaskFields: true);
        record.Usage = hasGroup ? Read(group, withTaskFields: false) : record.ThreadUsage;
        return record;
    }

    /// <summary>The usage in a record; faults and I/O only from a task record (thread-group records leave them out).</summary>
    public static UsageCounters Read(in TaskStats stats, bool withTaskFields)
    {
        var usage = default(UsageCounters);
        if (stats.UserCpuTimeAdjusted is { } user && stats.SystemCpuTimeAdjusted is { } system)
        {
            usage.UserNs = (ulong)Math.Max(0, user.Ticks) * 100;
            usage.SystemNs = (ulong)Math.Max(0, system.Ticks) * 100;
            usage.Known |= UsageFields.Cpu;
        }

        if (stats.VoluntaryContextSwitches is { } voluntary && stats.InvoluntaryContextSwitches is { } involuntary)
        {
            usage.VoluntarySwitches = voluntary;
            usage.InvoluntarySwitches = involuntary;
            usage.Known |= UsageFields.ContextSwitches;
        }

        // Kind by kind: a struct version that predates a kind (wpcopy before 13, irq before 14...) leaves it unknown.
        for (var i = 0; i < DelayKinds.Count; i++)
        {
            if (stats.GetDelay(DelayKinds.Kinds[i]) is { } delay)
            {
                usage.DelayCounts[i] = delay.Count;
                usage.DelayNs[i] = delay.TotalNanoseconds;
                usage.Known |= UsageDelayFields.Of(i);
            }
        }

        if (withTaskFields)
        {
            if (stats.MinorFaults is { } minor && stats.MajorFaults is { } major)
            {
                usage.MinorFaults = minor;
                usage.MajorFaults = major;
                usage.Known |= UsageFields.Faults;
            }

            if (stats.ReadBytes is { } read && stats.WriteBytes is { } write)
            {
                usage.ReadBytes = read;
                usage.WriteBytes = write;
                usage.Known |= UsageFields.Io;
            }
        }

        return usage;
    }
}
