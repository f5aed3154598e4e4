namespace KstatOtel.Snapshots;

/// <summary>Base of the modules' snapshot parts: the refresh bookkeeping every part carries.</summary>
/// <typeparam name="TSelf">The concrete part type.</typeparam>
internal abstract class SnapshotPart<TSelf> : ISnapshotPart
    where TSelf : SnapshotPart<TSelf>
{
    public long LastGoodTimestamp { get; set; }

    public int ConsecutiveFailures { get; set; }

    public long TotalFailures { get; set; }

    public void CopyFrom(ISnapshotPart other)
    {
        var source = (TSelf)other;
        LastGoodTimestamp = source.LastGoodTimestamp;
        ConsecutiveFailures = source.ConsecutiveFailures;
        TotalFailures = source.TotalFailures;
        CopyValuesFrom(source);
    }

    /// <summary>Copies the module's own values (everything but the bookkeeping) from <paramref name="source"/>.</summary>
    protected abstract void CopyValuesFrom(TSelf source);
}
