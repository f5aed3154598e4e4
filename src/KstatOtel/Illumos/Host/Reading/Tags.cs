namespace KstatOtel.Illumos.Host;

/// <summary>Builds the tag arrays measurements refer to; each is created once per series and never changed.</summary>
internal static class Tags
{
    public static KeyValuePair<string, object?>[] Of(string key, object? value) => [new(key, value)];

    public static KeyValuePair<string, object?>[] Of(string key1, object? value1, string key2, object? value2) =>
        [new(key1, value1), new(key2, value2)];

    public static KeyValuePair<string, object?>[] Of(string key1, object? value1, string key2, object? value2, string key3, object? value3) =>
        [new(key1, value1), new(key2, value2), new(key3, value3)];
}
