namespace KstatOtel.Kstat;

/// <summary>
/// The I/O statistics of an IO kstat (<c>kstat_io_t</c>), copied from one read. Times are nanoseconds; the kernel folds
/// the interval in progress into the wait and run sums up to <see cref="SnapTime"/>. Over two reads,
/// busy = ΔRunTime / ΔSnapTime, average run queue = ΔRunLengthTime / ΔSnapTime, average wait queue = ΔWaitLengthTime / ΔSnapTime.
/// </summary>
public readonly struct KstatIO
{
    internal KstatIO(in Interop.KstatIoNative io, long snapTime)
    {
        BytesRead = io.nread;
        BytesWritten = io.nwritten;
        ReadOperations = io.reads;
        WriteOperations = io.writes;
        WaitTime = io.wtime;
        WaitLengthTime = io.wlentime;
        WaitLastUpdate = io.wlastupdate;
        RunTime = io.rtime;
        RunLengthTime = io.rlentime;
        RunLastUpdate = io.rlastupdate;
        WaitCount = io.wcnt;
        RunCount = io.rcnt;
        SnapTime = snapTime;
    }

    /// <summary><c>nread</c>: bytes read.</summary>
    public ulong BytesRead { get; }

    /// <summary><c>nwritten</c>: bytes written.</summary>
    public ulong BytesWritten { get; }

    /// <summary><c>reads</c>: read operations (32-bit, wraps).</summary>
    public uint ReadOperations { get; }

    /// <summary><c>writes</c>: write operations (32-bit, wraps).</summary>
    public uint WriteOperations { get; }

    /// <summary><c>wtime</c>: cumulative time with a non-empty wait (pre-service) queue, ns.</summary>
    public long WaitTime { get; }

    /// <summary><c>wlentime</c>: cumulative wait queue length × time, ns.</summary>
    public long WaitLengthTime { get; }

    /// <summary><c>wlastupdate</c>: when the wait queue last changed, ns since boot.</summary>
    public long WaitLastUpdate { get; }

    /// <summary><c>rtime</c>: cumulative time with a non-empty run (service) queue, ns.</summary>
    public long RunTime { get; }

    /// <summary><c>rlentime</c>: cumulative run queue length × time, ns.</summary>
    public long RunLengthTime { get; }

    /// <summary><c>rlastupdate</c>: when the run queue last changed, ns since boot.</summary>
    public long RunLastUpdate { get; }

    /// <summary><c>wcnt</c>: elements waiting now.</summary>
    public uint WaitCount { get; }

    /// <summary><c>rcnt</c>: elements being serviced now.</summary>
    public uint RunCount { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c>).</summary>
    public long SnapTime { get; }
}
