namespace KstatOtel.Kstat;

/// <summary>The data of <c>cpu_stat:N:cpu_statN</c> (<c>cpu_stat_t</c>), the 32-bit per-CPU counters older tools read.</summary>
public readonly struct KstatCpuStat
{
    internal KstatCpuStat(in Interop.CpuStatNative n, long snapTime)
    {
        SysInfo = new KstatCpuSysInfo(n.cpu_sysinfo);
        SysWait = new KstatCpuSysWait(n.cpu_syswait);
        VmInfo = new KstatCpuVmInfo(n.cpu_vminfo);
        SnapTime = snapTime;
    }

    /// <summary>The <c>cpu_sysinfo</c> counters.</summary>
    public KstatCpuSysInfo SysInfo { get; }

    /// <summary>The <c>cpu_syswait</c> gauges.</summary>
    public KstatCpuSysWait SysWait { get; }

    /// <summary>The <c>cpu_vminfo</c> counters.</summary>
    public KstatCpuVmInfo VmInfo { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
