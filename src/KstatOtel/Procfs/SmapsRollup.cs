namespace KstatOtel.Procfs;

/// <summary>
/// /proc/[pid]/smaps_rollup, in bytes; a line the file lacks is null (the file is empty for kernel threads).
/// Reading it walks every mapping of the process under its mmap lock: slow for large processes, so opt-in only.
/// </summary>
internal struct SmapsRollup
{
    /// <summary>Rss: resident memory.</summary>
    public ulong? RssBytes;

    /// <summary>Pss: proportional set size (shared pages divided among the processes mapping them).</summary>
    public ulong? PssBytes;

    /// <summary>Pss_Anon: the anonymous part of Pss.</summary>
    public ulong? PssAnonBytes;

    /// <summary>Pss_File: the file-backed part of Pss.</summary>
    public ulong? PssFileBytes;

    /// <summary>Pss_Shmem: the shared-memory part of Pss.</summary>
    public ulong? PssShmemBytes;

    /// <summary>Swap: swapped-out memory.</summary>
    public ulong? SwapBytes;

    /// <summary>SwapPss: proportional swap.</summary>
    public ulong? SwapPssBytes;
}
