using System.Runtime.CompilerServices;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Which values of <see cref="GroupGauges"/> are known (some member reported them).</summary>
[Flags]
internal enum GaugeFields
{
    None = 0,
    Threads = 1 << 0,
    Resident = 1 << 1,
    Virtual = 1 << 2,
    Swap = 1 << 3,
    Proportional = 1 << 4,
    FileDescriptors = 1 << 5,
    FileDescriptorUtilization = 1 << 6,
    OldestStart = 1 << 7,
}

/// <summary>Processes per run state, indexed by <see cref="ProcessStates"/>.</summary>
[InlineArray(ProcessStates.Count)]
internal struct StateCounts
{
    private int element0;
}

/// <summary>
/// The current state of a group, summed over its live members at the last refresh: process count by run state,
/// threads, memory, descriptors, the worst descriptor-to-limit ratio and the oldest start. Values no member
/// reported stay unknown (<see cref="Known"/>), and are not published.
/// </summary>
internal struct GroupGauges
{
    public int Processes;
    public StateCounts States;
    public long Threads;
    public ulong ResidentBytes;
    public ulong VirtualBytes;
    public ulong SwapBytes;
    public ulong ProportionalBytes;
    public long FileDescriptors;
    public double WorstFileDescriptorUtilization;

    /// <summary>The start of the oldest member, in seconds since the Unix epoch.</summary>
    public double OldestStartSeconds;

    public GaugeFields Known;

    /// <summary>Adds one member's current values.</summary>
    public void Add(in ProcessGauges process)
    {
        Processes++;
        States[process.State]++;
        var known = process.Known;
        if ((known & GaugeFields.Threads) != 0)
        {
            Threads += process.Threads;
        }

        if ((known & GaugeFields.Resident) != 0)
        {
            ResidentBytes += process.ResidentBytes;
        }

        if ((known & GaugeFields.Virtual) != 0)
        {
            VirtualBytes += process.VirtualBytes;
        }

        if ((known & GaugeFields.Swap) != 0)
        {
            SwapBytes += process.SwapBytes;
        }

        if ((known & GaugeFields.Proportional) != 0)
        {
            ProportionalBytes += process.ProportionalBytes;
        }

        if ((known & GaugeFields.FileDescriptors) != 0)
        {
            FileDescriptors += process.FileDescriptors;
        }

        if ((known & GaugeFields.FileDescriptorUtilization) != 0
            && ((Known & GaugeFields.FileDescriptorUtilization) == 0 || process.FileDescriptorUtilization > WorstFileDescriptorUtilization))
        {
            WorstFileDescriptorUtilization = process.FileDescriptorUtilization;
        }

        if ((known & GaugeFields.OldestStart) != 0
            && ((Known & GaugeFields.OldestStart) == 0 || process.StartSeconds < OldestStartSeconds))
        {
            OldestStartSeconds = process.StartSeconds;
        }

        Known |= known;
    }
}

/// <summary>One process's current values, as read at the last refresh.</summary>
internal struct ProcessGauges
{
    /// <summary>A <see cref="ProcessStates"/> index.</summary>
    public int State;
    public long Threads;
    public ulong ResidentBytes;
    public ulong VirtualBytes;
    public ulong SwapBytes;
    public ulong ProportionalBytes;
    public long FileDescriptors;
    public double FileDescriptorUtilization;
    public double StartSeconds;
    public GaugeFields Known;
}
