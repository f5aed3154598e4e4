using System.Globalization;

namespace KstatOtel.Tests.Docs;

/// <summary>The README's series counts ("What a host costs in series"): configuration → series, and what grows → series each.</summary>
internal static class SeriesTable
{
    private const string Section = "What a host costs in series";

    /// <summary>The count the README gives for the row <paramref name="configuration"/> (the first cell, exactly).</summary>
    public static int Configuration(string configuration) => Lookup(["configuration", "series"], configuration);

    /// <summary>The count the README gives for the growth row <paramref name="growsWith"/>; "4 more" reads as 4.</summary>
    public static int Growth(string growsWith) => Lookup(["grows with", "series each"], growsWith);

    private static int Lookup(string[] columns, string label)
    {
        var rows = ReadmeDocument.TableRows(ReadmeDocument.Load().Section(Section), columns);
        var row = rows.SingleOrDefault(r => r[0] == label)
            ?? throw new InvalidOperationException($"README.md '{Section}': no row '{label}' in the ({string.Join(" | ", columns)}) table; rows: {string.Join("; ", rows.Select(r => r[0]))}");
        return int.Parse(row[1].Split(' ')[0].Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
