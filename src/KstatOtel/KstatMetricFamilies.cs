namespace KstatOtel;

/// <summary>Groups of instruments that can be switched on and off together through <see cref="KstatInstrumentationOptions.Metrics"/>.</summary>
[Flags]
public enum KstatMetricFamilies
{
    /// <summary>No instrument.</summary>
    None = 0,

    /// <summary><c>process.cpu.time</c>.</summary>
    ProcessCpu = 1 << 0,

    /// <summary><c>process.memory.usage</c> and <c>process.memory.virtual</c> (and the opt-in PSS).</summary>
    ProcessMemory = 1 << 1,

    /// <summary><c>process.disk.io</c>.</summary>
    ProcessDisk = 1 << 2,

    /// <summary><c>process.context_switches</c>.</summary>
    ProcessContextSwitches = 1 << 3,

    /// <summary><c>process.paging.faults</c>.</summary>
    ProcessPaging = 1 << 4,

    /// <summary><c>process.thread.count</c>, <c>process.unix.file_descriptor.count</c> and <c>process.uptime</c>.</summary>
    ProcessResources = 1 << 5,

    /// <summary>Linux delay accounting of the own process (<c>kstatotel.process.delay.*</c>).</summary>
    ProcessDelays = 1 << 6,

    /// <summary>Task states of the own process's cgroup (v1) from cgroupstats (<c>kstatotel.cgroup.tasks</c>).</summary>
    CgroupTasks = 1 << 7,

    /// <summary>Health of the instrumentation itself: <c>kstatotel.snapshot.age</c> and <c>kstatotel.refresh.failures</c>.</summary>
    SelfDiagnostics = 1 << 8,

    /// <summary>
    /// Opt-in: the longest single delay of each kind in any thread of the own process (<c>kstatotel.process.delay.max</c>,
    /// Linux taskstats struct version 16 and later). It costs one taskstats query per thread at each refresh, because a
    /// thread-group query reports the maximum of one thread only. Needs <see cref="ProcessDelays"/> too.
    /// </summary>
    ProcessDelayMaximum = 1 << 9,

    /// <summary>illumos/Solaris host: <c>system.cpu.time</c>, <c>system.cpu.frequency</c> and <c>kstatotel.system.cpu.frequency.max</c> (kstat <c>cpu:N:sys</c>, <c>cpu_info</c>).</summary>
    HostCpu = 1 << 16,

    /// <summary>illumos/Solaris host: <c>system.memory.usage</c> and <c>system.memory.limit</c> (kstat <c>unix:0:system_pages</c>).</summary>
    HostMemory = 1 << 17,

    /// <summary>illumos/Solaris host: <c>system.paging.operations</c> and <c>system.paging.faults</c> (kstat <c>cpu:N:vm</c>).</summary>
    HostPaging = 1 << 18,

    /// <summary>illumos/Solaris host: <c>system.disk.*</c> (IO kstats of class disk).</summary>
    HostDisk = 1 << 19,

    /// <summary>illumos/Solaris host: <c>system.network.*</c> (kstat <c>link:0:*</c>).</summary>
    HostNetwork = 1 << 20,

    /// <summary>illumos/Solaris host: load averages (<c>kstatotel.system.load_average.*</c>) and <c>system.uptime</c> (kstat <c>unix:0:system_misc</c>).</summary>
    HostSystem = 1 << 21,

    /// <summary>illumos/Solaris host: the ZFS ARC (<c>kstatotel.zfs.arc.*</c>, kstat <c>zfs:0:arcstats</c>).</summary>
    ZfsArc = 1 << 22,

    /// <summary>illumos/Solaris host: NFS client mounts (<c>kstatotel.nfs.mount.*</c>, kstat <c>nfs:*:mntinfo</c>).</summary>
    NfsMounts = 1 << 23,

    /// <summary>illumos/Solaris host: zone resource caps and usage (<c>kstatotel.zone.*</c>, kstats <c>caps</c>, <c>memory_cap</c>, <c>zones</c>).</summary>
    Zones = 1 << 24,

    /// <summary>Every process family that is on by default.</summary>
    Process = ProcessCpu | ProcessMemory | ProcessDisk | ProcessContextSwitches | ProcessPaging | ProcessResources | ProcessDelays,

    /// <summary>Every illumos/Solaris host family (published where libkstat is available).</summary>
    Host = HostCpu | HostMemory | HostPaging | HostDisk | HostNetwork | HostSystem | ZfsArc | NfsMounts | Zones,

    /// <summary>What is on unless configured otherwise.</summary>
    Default = Process | CgroupTasks | SelfDiagnostics | Host,

    /// <summary>Every family, the opt-in ones included.</summary>
    All = Default | ProcessDelayMaximum,
}
