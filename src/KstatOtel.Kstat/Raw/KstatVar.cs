namespace KstatOtel.Kstat;

/// <summary>The data of <c>unix:0:var</c> (<c>struct var</c>): the kernel's configured table sizes and tunables.</summary>
public readonly struct KstatVar
{
    internal KstatVar(in Interop.VarNative n, long snapTime)
    {
        Buf = n.v_buf;
        Call = n.v_call;
        Proc = n.v_proc;
        MaxUpTtl = n.v_maxupttl;
        NGlobPris = n.v_nglobpris;
        MaxSysPri = n.v_maxsyspri;
        CList = n.v_clist;
        MaxUp = n.v_maxup;
        HBuf = n.v_hbuf;
        HMask = n.v_hmask;
        PBuf = n.v_pbuf;
        SptMap = n.v_sptmap;
        MaxPMem = n.v_maxpmem;
        AutoUp = n.v_autoup;
        BufHwm = n.v_bufhwm;
        SnapTime = snapTime;
    }

    /// <summary><c>v_buf</c>: buffer headers.</summary>
    public int Buf { get; }

    /// <summary><c>v_call</c>: callout entries.</summary>
    public int Call { get; }

    /// <summary><c>v_proc</c>: process table slots.</summary>
    public int Proc { get; }

    /// <summary><c>v_maxupttl</c>: processes a non-root user may have, system-wide limit.</summary>
    public int MaxUpTtl { get; }

    /// <summary><c>v_nglobpris</c>: global scheduling priorities.</summary>
    public int NGlobPris { get; }

    /// <summary><c>v_maxsyspri</c>: highest system priority.</summary>
    public int MaxSysPri { get; }

    /// <summary><c>v_clist</c>: clists (obsolete).</summary>
    public int CList { get; }

    /// <summary><c>v_maxup</c>: processes per user.</summary>
    public int MaxUp { get; }

    /// <summary><c>v_hbuf</c>: buffer hash buckets.</summary>
    public int HBuf { get; }

    /// <summary><c>v_hmask</c>: buffer hash mask.</summary>
    public int HMask { get; }

    /// <summary><c>v_pbuf</c>: physical I/O buffers.</summary>
    public int PBuf { get; }

    /// <summary><c>v_sptmap</c>: system page table map size.</summary>
    public int SptMap { get; }

    /// <summary><c>v_maxpmem</c>: maximum physical memory to use, pages (0: all).</summary>
    public int MaxPMem { get; }

    /// <summary><c>v_autoup</c>: seconds before a dirty page is flushed.</summary>
    public int AutoUp { get; }

    /// <summary><c>v_bufhwm</c>: buffer cache high-water mark, KB.</summary>
    public int BufHwm { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
