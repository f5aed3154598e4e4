using KstatOtel.Kstat;

namespace KstatExample;

/// <summary>The statistics of one kstat as kstat(1) shows them, from one read.</summary>
internal sealed record KstatReading(KstatEntry Entry, long SnapTime, IReadOnlyList<StatRow> Rows);
