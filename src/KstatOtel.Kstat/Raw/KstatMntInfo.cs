namespace KstatOtel.Kstat;

/// <summary>The data of <c>nfs:MINOR:mntinfo</c> (<c>struct mntinfo_kstat</c>): an NFS mount's settings and round-trip timers.</summary>
public readonly struct KstatMntInfo
{
    internal KstatMntInfo(in Interop.MntinfoKstatNative n, string proto, string server, long snapTime)
    {
        Protocol = proto;
        Version = n.mik_vers;
        Flags = n.mik_flags;
        SecurityMode = n.mik_secmod;
        CurrentReadSize = n.mik_curread;
        CurrentWriteSize = n.mik_curwrite;
        Timeout = n.mik_timeo;
        Retransmissions = n.mik_retrans;
        AttributeCacheRegularMin = n.mik_acregmin;
        AttributeCacheRegularMax = n.mik_acregmax;
        AttributeCacheDirectoryMin = n.mik_acdirmin;
        AttributeCacheDirectoryMax = n.mik_acdirmax;
        LookupTimer = new KstatNfsTimer(n.mik_timers_0);
        ReadTimer = new KstatNfsTimer(n.mik_timers_1);
        WriteTimer = new KstatNfsTimer(n.mik_timers_2);
        NoResponse = n.mik_noresponse;
        Failover = n.mik_failover;
        Remap = n.mik_remap;
        CurrentServer = server;
        SnapTime = snapTime;
    }

    /// <summary><c>mik_proto</c>: the transport, such as "tcp".</summary>
    public string Protocol { get; }

    /// <summary><c>mik_vers</c>: the NFS version.</summary>
    public uint Version { get; }

    /// <summary><c>mik_flags</c>: MI_* mount flags.</summary>
    public uint Flags { get; }

    /// <summary><c>mik_secmod</c>: the security flavour.</summary>
    public uint SecurityMode { get; }

    /// <summary><c>mik_curread</c>: current read size, bytes.</summary>
    public uint CurrentReadSize { get; }

    /// <summary><c>mik_curwrite</c>: current write size, bytes.</summary>
    public uint CurrentWriteSize { get; }

    /// <summary><c>mik_timeo</c>: the initial timeout, tenths of a second.</summary>
    public int Timeout { get; }

    /// <summary><c>mik_retrans</c>: retransmissions before giving up.</summary>
    public int Retransmissions { get; }

    /// <summary><c>mik_acregmin</c>: minimum attribute cache time for files, s.</summary>
    public uint AttributeCacheRegularMin { get; }

    /// <summary><c>mik_acregmax</c>: maximum attribute cache time for files, s.</summary>
    public uint AttributeCacheRegularMax { get; }

    /// <summary><c>mik_acdirmin</c>: minimum attribute cache time for directories, s.</summary>
    public uint AttributeCacheDirectoryMin { get; }

    /// <summary><c>mik_acdirmax</c>: maximum attribute cache time for directories, s.</summary>
    public uint AttributeCacheDirectoryMax { get; }

    /// <summary><c>mik_timers[0]</c>: round-trip timers of lookups.</summary>
    public KstatNfsTimer LookupTimer { get; }

    /// <summary><c>mik_timers[1]</c>: round-trip timers of reads.</summary>
    public KstatNfsTimer ReadTimer { get; }

    /// <summary><c>mik_timers[2]</c>: round-trip timers of writes.</summary>
    public KstatNfsTimer WriteTimer { get; }

    /// <summary><c>mik_noresponse</c>: server-not-responding events.</summary>
    public uint NoResponse { get; }

    /// <summary><c>mik_failover</c>: failovers to another server.</summary>
    public uint Failover { get; }

    /// <summary><c>mik_remap</c>: file handle remaps.</summary>
    public uint Remap { get; }

    /// <summary><c>mik_curserver</c>: the server in use.</summary>
    public string CurrentServer { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
