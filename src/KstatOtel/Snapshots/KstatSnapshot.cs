namespace KstatOtel.Snapshots;

/// <summary>
/// Everything the instruments read in one collection: one part per module, all written by one refresh.
/// Published through <see cref="SnapshotExchange{T}"/>; never changed while readers can see it.
/// </summary>
internal sealed class KstatSnapshot
{
    public KstatSnapshot(ISnapshotPart[] parts)
    {
        Parts = parts;
    }

    /// <summary>The parts, indexed by module.</summary>
    public ISnapshotPart[] Parts { get; }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the refresh that wrote it ended.</summary>
    public long Timestamp { get; set; }

    /// <summary>How many refreshes have been published, this one included.</summary>
    public long Sequence { get; set; }
}
