namespace KstatOtel.Procfs;

/// <summary>
/// /proc/[pid]/io. Every field is null when the file lacks it (a kernel built without task I/O accounting has no
/// read_bytes/write_bytes/cancelled_write_bytes lines), never 0. All values are byte or call counts.
/// </summary>
internal struct ProcIo
{
    /// <summary>rchar: bytes read through read-like system calls (including from the page cache).</summary>
    public ulong? RChar;

    /// <summary>wchar: bytes written through write-like system calls.</summary>
    public ulong? WChar;

    /// <summary>syscr: read-like system calls.</summary>
    public ulong? SyscR;

    /// <summary>syscw: write-like system calls.</summary>
    public ulong? SyscW;

    /// <summary>read_bytes: bytes the process caused to be fetched from storage.</summary>
    public ulong? ReadBytes;

    /// <summary>write_bytes: bytes the process caused to be sent to storage.</summary>
    public ulong? WriteBytes;

    /// <summary>cancelled_write_bytes: written bytes whose writeback was cancelled (truncated dirty pages).</summary>
    public ulong? CancelledWriteBytes;
}
