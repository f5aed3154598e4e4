using System.Globalization;

namespace KstatOtel.Testing.Reliability;

/// <summary>
/// Where the reliability tests put the figures docs/reliability.md reports: each is written to the test's output and,
/// when KSTATOTEL_FIGURES names a file, appended to it as one tab-separated line (area, name, value, unit), so that a
/// whole run's figures can be collected in one place (scripts/reliability-figures.sh does).
/// </summary>
public static class Figures
{
    private static readonly object Gate = new();

    /// <summary>Records one figure; returns the line written, for the test's own output.</summary>
    public static string Record(string area, string name, double value, string unit)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{area}\t{name}\t{value:G6}\t{unit}");
        if (Environment.GetEnvironmentVariable("KSTATOTEL_FIGURES") is { Length: > 0 } path)
        {
            lock (Gate)
            {
                File.AppendAllText(path, line + "\n");
            }
        }

        return line;
    }
}
