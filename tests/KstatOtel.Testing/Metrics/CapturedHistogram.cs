namespace KstatOtel.Testing.Metrics;

/// <summary>The value of a histogram point.</summary>
/// <param name="Count">Number of measurements.</param>
/// <param name="Sum">Sum of the measurements.</param>
/// <param name="Min">Smallest measurement, when recorded.</param>
/// <param name="Max">Largest measurement, when recorded.</param>
/// <param name="ExplicitBounds">Upper bounds of the buckets (one fewer than the buckets); empty for exponential histograms.</param>
/// <param name="BucketCounts">Measurements per bucket; empty for exponential histograms.</param>
public sealed record CapturedHistogram(ulong Count, double Sum, double? Min, double? Max, IReadOnlyList<double> ExplicitBounds, IReadOnlyList<ulong> BucketCounts);
