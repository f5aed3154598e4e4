namespace KstatOtel.Kstat.Tests;

/// <summary>Small helpers for reading kstats in tests.</summary>
internal static class TestKstats
{
    /// <summary>Looks up a kstat, failing the test when it is absent.</summary>
    public static KstatEntry Require(this KstatToken token, string module, int instance, string name) =>
        token.Lookup(module, instance, name) ?? throw new Xunit.Sdk.XunitException($"kstat {module}:{instance}:{name} not found");

    /// <summary>Reads a NAMED kstat, failing the test when it cannot be read.</summary>
    public static KstatNamedValues ReadNamed(this KstatEntry entry)
    {
        Assert.True(entry.TryReadNamed(out KstatNamedValues? values), $"kstat {entry} could not be read");
        return values;
    }

    /// <summary>The statistic named <paramref name="name"/>, failing the test when absent.</summary>
    public static KstatNamed Get(this KstatNamedValues values, string name)
    {
        Assert.True(values.TryGetValue(name, out var value), $"statistic '{name}' not found among {string.Join(", ", values.Select(v => v.Name))}");
        return value;
    }

    /// <summary>Seconds as printed by kstat(1) ("35,300879878" or "16359935.2637943") to nanoseconds, exactly.</summary>
    public static long Nanoseconds(string seconds)
    {
        var parts = seconds.Replace(',', '.').Split('.');
        var fraction = parts.Length > 1 ? parts[1].PadRight(9, '0')[..9] : "000000000";
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1_000_000_000)
            + long.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture);
    }
}
