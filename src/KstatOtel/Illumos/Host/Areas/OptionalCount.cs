namespace KstatOtel.Illumos.Host;

/// <summary>A counter value that may be absent (the kstat lacks the statistic).</summary>
internal readonly record struct OptionalCount(bool Has, long Value);
