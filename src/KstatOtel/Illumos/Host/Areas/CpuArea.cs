namespace KstatOtel.Illumos.Host;

/// <summary>CPU times (summed and per CPU), frequencies and paging counters of one refresh.</summary>
internal sealed class CpuArea
{
    /// <summary>Per mode, seconds summed over every CPU seen since the start (a CPU that went offline keeps what it had).</summary>
    public ModeTimes Total;

    public bool HasPageIns;
    public long PageIns;
    public bool HasPageOuts;
    public long PageOuts;
    public bool HasMajorFaults;
    public long MajorFaults;
    public bool HasMinorFaults;
    public long MinorFaults;

    /// <summary>The CPUs present now, by id.</summary>
    public SeriesList<CpuSeries> Cpus { get; } = new();

    public void CopyFrom(CpuArea other)
    {
        Total = other.Total;
        HasPageIns = other.HasPageIns;
        PageIns = other.PageIns;
        HasPageOuts = other.HasPageOuts;
        PageOuts = other.PageOuts;
        HasMajorFaults = other.HasMajorFaults;
        MajorFaults = other.MajorFaults;
        HasMinorFaults = other.HasMinorFaults;
        MinorFaults = other.MinorFaults;
        Cpus.CopyFrom(other.Cpus);
    }
}

/// <summary>Seconds per <c>cpu.mode</c>; a mode the kernel does not report is marked absent, never 0.</summary>
internal struct ModeTimes
{
    public bool HasUser;
    public double User;
    public bool HasSystem;
    public double System;
    public bool HasIdle;
    public double Idle;
    public bool HasInterrupt;
    public double Interrupt;
}

/// <summary>One CPU present in the chain.</summary>
internal struct CpuSeries
{
    /// <summary>The CPU id (the kstat instance): <c>cpu.logical_number</c>.</summary>
    public int Id;

    public ModeTimes Times;

    public bool HasCurrentHz;
    public long CurrentHz;
    public bool HasMaxHz;
    public long MaxHz;

    /// <summary>[cpu.mode=user, cpu.logical_number=Id], and so on for the other modes.</summary>
    public KeyValuePair<string, object?>[] UserTags;
    public KeyValuePair<string, object?>[] SystemTags;
    public KeyValuePair<string, object?>[] IdleTags;
    public KeyValuePair<string, object?>[] InterruptTags;

    /// <summary>[cpu.logical_number=Id].</summary>
    public KeyValuePair<string, object?>[] CpuTags;
}
