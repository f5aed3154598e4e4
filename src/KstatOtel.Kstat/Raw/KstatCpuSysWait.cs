namespace KstatOtel.Kstat;

/// <summary>The <c>cpu_syswait_t</c> part of a <c>cpu_stat</c> kstat: per-CPU gauges.</summary>
public readonly struct KstatCpuSysWait
{
    internal KstatCpuSysWait(in Interop.CpuSyswaitNative n)
    {
        IOWait = n.iowait;
        Swap = n.swap;
        PhysIO = n.physio;
    }

    /// <summary><c>iowait</c>: threads waiting for block I/O.</summary>
    public int IOWait { get; }

    /// <summary><c>swap</c>: threads waiting for swap (obsolete).</summary>
    public int Swap { get; }

    /// <summary><c>physio</c>: threads waiting for raw I/O (obsolete).</summary>
    public int PhysIO { get; }
}
