namespace KstatOtel.Illumos.Host;

/// <summary>The ARC figures of one refresh.</summary>
internal sealed class ZfsArcArea
{
    public OptionalCount Size;
    public OptionalCount TargetSize;
    public OptionalCount MinSize;
    public OptionalCount MaxSize;
    public OptionalCount Hits;
    public OptionalCount Misses;

    public void CopyFrom(ZfsArcArea other)
    {
        Size = other.Size;
        TargetSize = other.TargetSize;
        MinSize = other.MinSize;
        MaxSize = other.MaxSize;
        Hits = other.Hits;
        Misses = other.Misses;
    }
}
