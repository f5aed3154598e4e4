namespace KstatOtel.Testing.Metrics;

/// <summary>
/// One data point. Attribute values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or an <see cref="object"/> array of those.
/// </summary>
/// <param name="Attributes">The point's attributes.</param>
/// <param name="LongValue">The value of an integer sum or gauge.</param>
/// <param name="DoubleValue">The value of a floating-point sum or gauge.</param>
/// <param name="Histogram">The value of a histogram point.</param>
/// <param name="StartTimeUnixNano">Start of the aggregation interval (0 when not set).</param>
/// <param name="TimeUnixNano">Time of the observation (end of the interval).</param>
public sealed record CapturedPoint(
    IReadOnlyDictionary<string, object?> Attributes,
    long? LongValue,
    double? DoubleValue,
    CapturedHistogram? Histogram,
    ulong StartTimeUnixNano,
    ulong TimeUnixNano)
{
    /// <summary>The number value as a double (a histogram's sum), or NaN when the point has none.</summary>
    public double Value => DoubleValue ?? LongValue ?? Histogram?.Sum ?? double.NaN;

    /// <summary>The attribute <paramref name="key"/>, or null when the point does not have it.</summary>
    public object? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    /// <summary>True when every pair of <paramref name="attributes"/> is on the point with an equal value.</summary>
    public bool HasAttributes(params (string Key, object Value)[] attributes) =>
        attributes.All(a => Attributes.TryGetValue(a.Key, out var v) && Equals(v, a.Value));
}
