namespace KstatOtel.Illumos.Process;

/// <summary>A <c>timestruc_t</c> of procfs (LP64: <c>time_t tv_sec</c> and <c>long tv_nsec</c>, 8 bytes each).</summary>
internal readonly record struct ProcTime(long Seconds, long Nanoseconds)
{
    /// <summary>The size of a timestruc_t in the 64-bit data model.</summary>
    public const int Size = 16;

    public double TotalSeconds => Seconds + (Nanoseconds / 1e9);

    public long TotalNanoseconds => (Seconds * 1_000_000_000) + Nanoseconds;
}
