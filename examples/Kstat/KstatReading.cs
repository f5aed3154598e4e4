using KstatOtel.Kstat;

namespace KstatExample;

/// <summary>
/// The statistics of one kstat as kstat(1) shows them, from one read. <paramref name="Class"/> and
/// <paramref name="SnapTime"/> are null when a <c>--fixture</c> capture did not give them (the stand-in serves a
/// default, which is not printed).
/// </summary>
internal sealed record KstatReading(KstatEntry Entry, string? Class, long? SnapTime, IReadOnlyList<StatRow> Rows);
