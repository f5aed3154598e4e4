namespace KstatOtel.Testing.Metrics;

/// <summary>Normalizes attribute values to the OTLP value kinds: string, long, double, bool, or an array of those.</summary>
internal static class AttributeValues
{
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => unchecked((long)u),
        float f => (double)f,
        double d => d,
        decimal m => (double)m,
        System.Collections.IEnumerable items => items.Cast<object?>().Select(Normalize).ToArray(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static IReadOnlyDictionary<string, object?> ToDictionary(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            result[key] = Normalize(value);
        }

        return result;
    }
}
