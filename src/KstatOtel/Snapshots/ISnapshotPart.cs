namespace KstatOtel.Snapshots;

/// <summary>
/// The values one module keeps in a snapshot. Instances are recycled: the module overwrites every value it publishes
/// at each refresh, and when a refresh fails the last good values are copied from the previous snapshot.
/// </summary>
internal interface ISnapshotPart
{
    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the last successful refresh, 0 if none yet.</summary>
    long LastGoodTimestamp { get; set; }

    /// <summary>Consecutive failed refreshes since the last good one.</summary>
    int ConsecutiveFailures { get; set; }

    /// <summary>Failed refreshes since the start (a cumulative count).</summary>
    long TotalFailures { get; set; }

    /// <summary>Copies every value of <paramref name="other"/> (a part of the same type) into this part.</summary>
    void CopyFrom(ISnapshotPart other);
}
