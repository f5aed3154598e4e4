namespace KstatOtel.Kstat;

/// <summary>The data of <c>unix:0:sysinfo</c> (<c>sysinfo_t</c>): 32-bit sums accumulated once a second, so an average over two reads is Δvalue / ΔUpdates.</summary>
public readonly struct KstatSysInfo
{
    internal KstatSysInfo(in Interop.SysinfoNative n, long snapTime)
    {
        Updates = n.updates;
        RunQueue = n.runque;
        RunOccupancy = n.runocc;
        SwapQueue = n.swpque;
        SwapOccupancy = n.swpocc;
        Waiting = n.waiting;
        SnapTime = snapTime;
    }

    /// <summary><c>updates</c>: incremented once a second.</summary>
    public uint Updates { get; }

    /// <summary><c>runque</c>: sum of runnable threads, added once a second.</summary>
    public uint RunQueue { get; }

    /// <summary><c>runocc</c>: seconds with a non-empty run queue.</summary>
    public uint RunOccupancy { get; }

    /// <summary><c>swpque</c>: sum of swapped-out runnable threads (unused on modern systems).</summary>
    public uint SwapQueue { get; }

    /// <summary><c>swpocc</c>: seconds with swapped-out threads.</summary>
    public uint SwapOccupancy { get; }

    /// <summary><c>waiting</c>: sum of threads waiting for I/O.</summary>
    public uint Waiting { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
