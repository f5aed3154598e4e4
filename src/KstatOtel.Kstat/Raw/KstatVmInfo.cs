namespace KstatOtel.Kstat;

/// <summary>The data of <c>unix:0:vminfo</c> (<c>vminfo_t</c>): page counts summed once a second, so an average over two reads is Δvalue / ΔUpdates (in pages).</summary>
public readonly struct KstatVmInfo
{
    internal KstatVmInfo(in Interop.VminfoNative n, long snapTime)
    {
        FreeMemory = n.freemem;
        SwapReserved = n.swap_resv;
        SwapAllocated = n.swap_alloc;
        SwapAvailable = n.swap_avail;
        SwapFree = n.swap_free;
        Updates = n.updates;
        SnapTime = snapTime;
    }

    /// <summary><c>freemem</c>: sum of free pages.</summary>
    public ulong FreeMemory { get; }

    /// <summary><c>swap_resv</c>: sum of reserved swap pages.</summary>
    public ulong SwapReserved { get; }

    /// <summary><c>swap_alloc</c>: sum of allocated swap pages.</summary>
    public ulong SwapAllocated { get; }

    /// <summary><c>swap_avail</c>: sum of unreserved swap pages.</summary>
    public ulong SwapAvailable { get; }

    /// <summary><c>swap_free</c>: sum of unallocated swap pages.</summary>
    public ulong SwapFree { get; }

    /// <summary><c>updates</c>: incremented once a second.</summary>
    public ulong Updates { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
