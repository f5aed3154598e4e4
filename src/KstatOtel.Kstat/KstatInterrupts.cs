namespace KstatOtel.Kstat;

/// <summary>The interrupt counters of an INTR kstat (<c>kstat_intr_t</c>), copied from one read; all 32-bit, they wrap.</summary>
public readonly struct KstatInterrupts
{
    internal KstatInterrupts(uint hard, uint soft, uint watchdog, uint spurious, uint multipleService, long snapTime)
    {
        Hard = hard;
        Soft = soft;
        Watchdog = watchdog;
        Spurious = spurious;
        MultipleService = multipleService;
        SnapTime = snapTime;
    }

    /// <summary><c>intrs[KSTAT_INTR_HARD]</c>: interrupts raised by the device itself.</summary>
    public uint Hard { get; }

    /// <summary><c>intrs[KSTAT_INTR_SOFT]</c>: soft interrupts induced by the system.</summary>
    public uint Soft { get; }

    /// <summary><c>intrs[KSTAT_INTR_WATCHDOG]</c>: interrupts from a periodic timer.</summary>
    public uint Watchdog { get; }

    /// <summary><c>intrs[KSTAT_INTR_SPURIOUS]</c>: entries with no interrupt to service.</summary>
    public uint Spurious { get; }

    /// <summary><c>intrs[KSTAT_INTR_MULTSVC]</c>: interrupts serviced just before returning from another.</summary>
    public uint MultipleService { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
