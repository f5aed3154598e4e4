namespace KstatOtel.Kstat;

/// <summary>One round-trip timer of an NFS mount (an element of <c>mik_timers</c>), in the client's clock units.</summary>
public readonly struct KstatNfsTimer
{
    internal KstatNfsTimer(in Interop.MntinfoTimerNative n)
    {
        SmoothedRoundTrip = n.srtt;
        Deviation = n.deviate;
        CurrentTimeout = n.rtxcur;
    }

    /// <summary><c>srtt</c>: smoothed round-trip time.</summary>
    public uint SmoothedRoundTrip { get; }

    /// <summary><c>deviate</c>: estimated deviation.</summary>
    public uint Deviation { get; }

    /// <summary><c>rtxcur</c>: current backed-off retransmission value.</summary>
    public uint CurrentTimeout { get; }
}
