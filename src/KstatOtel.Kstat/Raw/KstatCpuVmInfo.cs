namespace KstatOtel.Kstat;

/// <summary>The <c>cpu_vminfo_t</c> part of a <c>cpu_stat</c> kstat: per-CPU 32-bit paging counters (they wrap; prefer <c>cpu:N:vm</c>).</summary>
public readonly struct KstatCpuVmInfo
{
    internal KstatCpuVmInfo(in Interop.CpuVminfoNative n)
    {
        PgRec = n.pgrec;
        PgFRec = n.pgfrec;
        PgIn = n.pgin;
        PgPgIn = n.pgpgin;
        PgOut = n.pgout;
        PgPgOut = n.pgpgout;
        SwapIn = n.swapin;
        PgSwapIn = n.pgswapin;
        SwapOut = n.swapout;
        PgSwapOut = n.pgswapout;
        Zfod = n.zfod;
        DFree = n.dfree;
        Scan = n.scan;
        Rev = n.rev;
        HatFault = n.hat_fault;
        AsFault = n.as_fault;
        MajorFault = n.maj_fault;
        CowFault = n.cow_fault;
        ProtFault = n.prot_fault;
        SoftLock = n.softlock;
        KernelAsFault = n.kernel_asflt;
        PgrRun = n.pgrrun;
        ExecPgIn = n.execpgin;
        ExecPgOut = n.execpgout;
        ExecFree = n.execfree;
        AnonPgIn = n.anonpgin;
        AnonPgOut = n.anonpgout;
        AnonFree = n.anonfree;
        FsPgIn = n.fspgin;
        FsPgOut = n.fspgout;
        FsFree = n.fsfree;
    }

    /// <summary><c>pgrec</c>: page reclaims, including pageout.</summary>
    public uint PgRec { get; }

    /// <summary><c>pgfrec</c>: page reclaims from the free list.</summary>
    public uint PgFRec { get; }

    /// <summary><c>pgin</c>: pageins.</summary>
    public uint PgIn { get; }

    /// <summary><c>pgpgin</c>: pages paged in.</summary>
    public uint PgPgIn { get; }

    /// <summary><c>pgout</c>: pageouts.</summary>
    public uint PgOut { get; }

    /// <summary><c>pgpgout</c>: pages paged out.</summary>
    public uint PgPgOut { get; }

    /// <summary><c>swapin</c>: swapins.</summary>
    public uint SwapIn { get; }

    /// <summary><c>pgswapin</c>: pages swapped in.</summary>
    public uint PgSwapIn { get; }

    /// <summary><c>swapout</c>: swapouts.</summary>
    public uint SwapOut { get; }

    /// <summary><c>pgswapout</c>: pages swapped out.</summary>
    public uint PgSwapOut { get; }

    /// <summary><c>zfod</c>: pages zero-filled on demand.</summary>
    public uint Zfod { get; }

    /// <summary><c>dfree</c>: pages freed by the page daemon.</summary>
    public uint DFree { get; }

    /// <summary><c>scan</c>: pages scanned by the page daemon.</summary>
    public uint Scan { get; }

    /// <summary><c>rev</c>: revolutions of the page daemon hand.</summary>
    public uint Rev { get; }

    /// <summary><c>hat_fault</c>: minor faults through hat_fault.</summary>
    public uint HatFault { get; }

    /// <summary><c>as_fault</c>: minor faults through as_fault.</summary>
    public uint AsFault { get; }

    /// <summary><c>maj_fault</c>: major faults.</summary>
    public uint MajorFault { get; }

    /// <summary><c>cow_fault</c>: copy-on-write faults.</summary>
    public uint CowFault { get; }

    /// <summary><c>prot_fault</c>: protection faults.</summary>
    public uint ProtFault { get; }

    /// <summary><c>softlock</c>: faults from software locking.</summary>
    public uint SoftLock { get; }

    /// <summary><c>kernel_asflt</c>: as_fault calls in kernel address space.</summary>
    public uint KernelAsFault { get; }

    /// <summary><c>pgrrun</c>: times the pager was scheduled.</summary>
    public uint PgrRun { get; }

    /// <summary><c>execpgin</c>: executable pages paged in.</summary>
    public uint ExecPgIn { get; }

    /// <summary><c>execpgout</c>: executable pages paged out.</summary>
    public uint ExecPgOut { get; }

    /// <summary><c>execfree</c>: executable pages freed.</summary>
    public uint ExecFree { get; }

    /// <summary><c>anonpgin</c>: anonymous pages paged in.</summary>
    public uint AnonPgIn { get; }

    /// <summary><c>anonpgout</c>: anonymous pages paged out.</summary>
    public uint AnonPgOut { get; }

    /// <summary><c>anonfree</c>: anonymous pages freed.</summary>
    public uint AnonFree { get; }

    /// <summary><c>fspgin</c>: file system pages paged in.</summary>
    public uint FsPgIn { get; }

    /// <summary><c>fspgout</c>: file system pages paged out.</summary>
    public uint FsPgOut { get; }

    /// <summary><c>fsfree</c>: file system pages freed.</summary>
    public uint FsFree { get; }
}
