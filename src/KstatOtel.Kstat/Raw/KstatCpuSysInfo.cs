namespace KstatOtel.Kstat;

/// <summary>The <c>cpu_sysinfo_t</c> part of a <c>cpu_stat</c> kstat: per-CPU 32-bit counters (they wrap; prefer <c>cpu:N:sys</c> for 64-bit ones).</summary>
public readonly struct KstatCpuSysInfo
{
    internal unsafe KstatCpuSysInfo(in Interop.CpuSysinfoNative n)
    {
        Idle = n.cpu[0];
        User = n.cpu[1];
        Kernel = n.cpu[2];
        Wait = n.cpu[3];
        WaitIO = n.wait[0];
        WaitSwap = n.wait[1];
        WaitPio = n.wait[2];
        BRead = n.bread;
        BWrite = n.bwrite;
        LRead = n.lread;
        LWrite = n.lwrite;
        PhRead = n.phread;
        PhWrite = n.phwrite;
        PSwitch = n.pswitch;
        Trap = n.trap;
        Intr = n.intr;
        Syscall = n.syscall;
        SysRead = n.sysread;
        SysWrite = n.syswrite;
        SysFork = n.sysfork;
        SysVFork = n.sysvfork;
        SysExec = n.sysexec;
        ReadCh = n.readch;
        WriteCh = n.writech;
        RcvInt = n.rcvint;
        XmtInt = n.xmtint;
        MdmInt = n.mdmint;
        RawCh = n.rawch;
        CanCh = n.canch;
        OutCh = n.outch;
        Msg = n.msg;
        Sema = n.sema;
        NameI = n.namei;
        UfsIGet = n.ufsiget;
        UfsDirBlk = n.ufsdirblk;
        UfsIPage = n.ufsipage;
        UfsINoPage = n.ufsinopage;
        InodeOverflows = n.inodeovf;
        FileOverflows = n.fileovf;
        ProcOverflows = n.procovf;
        IntrThread = n.intrthread;
        IntrBlk = n.intrblk;
        IdleThread = n.idlethread;
        InvoluntarySwitches = n.inv_swtch;
        NThreads = n.nthreads;
        CpuMigrate = n.cpumigrate;
        XCalls = n.xcalls;
        MutexAdaptiveEnters = n.mutex_adenters;
        RwReaderFailures = n.rw_rdfails;
        RwWriterFailures = n.rw_wrfails;
        ModLoad = n.modload;
        ModUnload = n.modunload;
        BAWrite = n.bawrite;
        RwEnters = n.rw_enters;
        WindowUserOverflows = n.win_uo_cnt;
        WindowUserUnderflows = n.win_uu_cnt;
        WindowSystemOverflows = n.win_so_cnt;
        WindowSystemUnderflows = n.win_su_cnt;
        WindowSystemUserOverflows = n.win_suo_cnt;
    }

    /// <summary><c>cpu[CPU_IDLE]</c>: ticks idle (kstat(1) name <c>idle</c>).</summary>
    public uint Idle { get; }

    /// <summary><c>cpu[CPU_USER]</c>: ticks in user mode (<c>user</c>).</summary>
    public uint User { get; }

    /// <summary><c>cpu[CPU_KERNEL]</c>: ticks in the kernel (<c>kernel</c>).</summary>
    public uint Kernel { get; }

    /// <summary><c>cpu[CPU_WAIT]</c>: ticks waiting (<c>wait</c>; always 0 on modern kernels).</summary>
    public uint Wait { get; }

    /// <summary><c>wait[W_IO]</c> (<c>wait_io</c>).</summary>
    public uint WaitIO { get; }

    /// <summary><c>wait[W_SWAP]</c> (<c>wait_swap</c>).</summary>
    public uint WaitSwap { get; }

    /// <summary><c>wait[W_PIO]</c> (<c>wait_pio</c>).</summary>
    public uint WaitPio { get; }

    /// <summary><c>bread</c>: physical block reads.</summary>
    public uint BRead { get; }

    /// <summary><c>bwrite</c>: physical block writes (sync and async).</summary>
    public uint BWrite { get; }

    /// <summary><c>lread</c>: logical block reads.</summary>
    public uint LRead { get; }

    /// <summary><c>lwrite</c>: logical block writes.</summary>
    public uint LWrite { get; }

    /// <summary><c>phread</c>: raw I/O reads.</summary>
    public uint PhRead { get; }

    /// <summary><c>phwrite</c>: raw I/O writes.</summary>
    public uint PhWrite { get; }

    /// <summary><c>pswitch</c>: context switches.</summary>
    public uint PSwitch { get; }

    /// <summary><c>trap</c>: traps.</summary>
    public uint Trap { get; }

    /// <summary><c>intr</c>: device interrupts.</summary>
    public uint Intr { get; }

    /// <summary><c>syscall</c>: system calls.</summary>
    public uint Syscall { get; }

    /// <summary><c>sysread</c>: read and readv calls.</summary>
    public uint SysRead { get; }

    /// <summary><c>syswrite</c>: write and writev calls.</summary>
    public uint SysWrite { get; }

    /// <summary><c>sysfork</c>: forks.</summary>
    public uint SysFork { get; }

    /// <summary><c>sysvfork</c>: vforks.</summary>
    public uint SysVFork { get; }

    /// <summary><c>sysexec</c>: execs.</summary>
    public uint SysExec { get; }

    /// <summary><c>readch</c>: bytes read by read calls.</summary>
    public uint ReadCh { get; }

    /// <summary><c>writech</c>: bytes written by write calls.</summary>
    public uint WriteCh { get; }

    /// <summary><c>rcvint</c>: unused.</summary>
    public uint RcvInt { get; }

    /// <summary><c>xmtint</c>: unused.</summary>
    public uint XmtInt { get; }

    /// <summary><c>mdmint</c>: unused.</summary>
    public uint MdmInt { get; }

    /// <summary><c>rawch</c>: terminal input characters.</summary>
    public uint RawCh { get; }

    /// <summary><c>canch</c>: characters handled in canonical mode.</summary>
    public uint CanCh { get; }

    /// <summary><c>outch</c>: terminal output characters.</summary>
    public uint OutCh { get; }

    /// <summary><c>msg</c>: msgrcv and msgsnd calls.</summary>
    public uint Msg { get; }

    /// <summary><c>sema</c>: semop calls.</summary>
    public uint Sema { get; }

    /// <summary><c>namei</c>: path name lookups.</summary>
    public uint NameI { get; }

    /// <summary><c>ufsiget</c>: ufs_iget calls.</summary>
    public uint UfsIGet { get; }

    /// <summary><c>ufsdirblk</c>: UFS directory blocks read.</summary>
    public uint UfsDirBlk { get; }

    /// <summary><c>ufsipage</c>: inodes taken with attached pages.</summary>
    public uint UfsIPage { get; }

    /// <summary><c>ufsinopage</c>: inodes taken with no attached pages.</summary>
    public uint UfsINoPage { get; }

    /// <summary><c>inodeovf</c>: inode table overflows.</summary>
    public uint InodeOverflows { get; }

    /// <summary><c>fileovf</c>: file table overflows.</summary>
    public uint FileOverflows { get; }

    /// <summary><c>procovf</c>: process table overflows.</summary>
    public uint ProcOverflows { get; }

    /// <summary><c>intrthread</c>: interrupts handled as threads.</summary>
    public uint IntrThread { get; }

    /// <summary><c>intrblk</c>: interrupt threads blocked.</summary>
    public uint IntrBlk { get; }

    /// <summary><c>idlethread</c>: times the idle thread was scheduled.</summary>
    public uint IdleThread { get; }

    /// <summary><c>inv_swtch</c>: involuntary context switches.</summary>
    public uint InvoluntarySwitches { get; }

    /// <summary><c>nthreads</c>: threads created.</summary>
    public uint NThreads { get; }

    /// <summary><c>cpumigrate</c>: thread migrations to this CPU.</summary>
    public uint CpuMigrate { get; }

    /// <summary><c>xcalls</c>: cross-calls to other CPUs.</summary>
    public uint XCalls { get; }

    /// <summary><c>mutex_adenters</c>: failed adaptive mutex enters.</summary>
    public uint MutexAdaptiveEnters { get; }

    /// <summary><c>rw_rdfails</c>: reader/writer lock reader failures.</summary>
    public uint RwReaderFailures { get; }

    /// <summary><c>rw_wrfails</c>: reader/writer lock writer failures.</summary>
    public uint RwWriterFailures { get; }

    /// <summary><c>modload</c>: module loads.</summary>
    public uint ModLoad { get; }

    /// <summary><c>modunload</c>: module unloads.</summary>
    public uint ModUnload { get; }

    /// <summary><c>bawrite</c>: physical block writes (async).</summary>
    public uint BAWrite { get; }

    /// <summary><c>rw_enters</c>: reader/writer lock acquisitions (kernels built with STATISTICS only).</summary>
    public uint RwEnters { get; }

    /// <summary><c>win_uo_cnt</c>: register window user overflows (SPARC).</summary>
    public uint WindowUserOverflows { get; }

    /// <summary><c>win_uu_cnt</c>: register window user underflows (SPARC).</summary>
    public uint WindowUserUnderflows { get; }

    /// <summary><c>win_so_cnt</c>: register window system overflows (SPARC).</summary>
    public uint WindowSystemOverflows { get; }

    /// <summary><c>win_su_cnt</c>: register window system underflows (SPARC).</summary>
    public uint WindowSystemUnderflows { get; }

    /// <summary><c>win_suo_cnt</c>: register window system user overflows (SPARC).</summary>
    public uint WindowSystemUserOverflows { get; }
}
