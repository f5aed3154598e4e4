using System.Text.RegularExpressions;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// The metric tables of README.md (the <c>## Metrics</c> section), in the format CONTRIBUTING.md defines:
/// columns name, kind, unit, attributes, source, platform, default.
/// </summary>
internal static partial class ReadmeMetricTables
{
    private static readonly string[] Columns = ["name", "kind", "unit", "attributes", "source", "platform", "default"];

    /// <summary>Every documented instrument, with the heading of the table it is in.</summary>
    public static IReadOnlyList<DocumentedInstrument> Read() => Parse(File.ReadAllText(RepoPaths.Combine("README.md")));

    public static IReadOnlyList<DocumentedInstrument> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "## Metrics");
        if (start < 0)
        {
            throw new FormatException("README.md has no '## Metrics' section.");
        }

        var result = new List<DocumentedInstrument>();
        var heading = string.Empty;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                heading = line[4..].Trim();
                continue;
            }

            if (!line.StartsWith('|') || !IsMetricHeader(Docs.MarkdownTable.Cells(line)))
            {
                continue;
            }

            // Header, separator, then rows until the first line that is not a table row.
            i += 2;
            for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
            {
                result.Add(ParseRow(heading, Docs.MarkdownTable.Cells(lines[i].Trim()), i + 1));
            }

            i--;
        }

        return result;
    }

    private static bool IsMetricHeader(string[] cells) => cells.Select(c => c.ToLowerInvariant()).SequenceEqual(Columns);

    private static DocumentedInstrument ParseRow(string table, string[] cells, int lineNumber)
    {
        if (cells.Length != Columns.Length)
        {
            throw new FormatException($"README.md line {lineNumber}: {cells.Length} cells, expected {Columns.Length}.");
        }

        var name = Ticked().Match(cells[0]) is { Success: true } m && m.Value.Length == cells[0].Length
            ? m.Groups[1].Value
            : throw new FormatException($"README.md line {lineNumber}: the name '{cells[0]}' is not one `name` in backticks.");
        var kind = cells[1] is "Counter" or "UpDownCounter" or "Gauge"
            ? cells[1]
            : throw new FormatException($"README.md line {lineNumber}: kind '{cells[1]}' is not Counter, UpDownCounter or Gauge.");
        var attributes = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        if (cells[3] != "-")
        {
            var rest = cells[3];
            foreach (Match attribute in Attribute().Matches(rest))
            {
                var values = attribute.Groups[2].Success
                    ? attribute.Groups[2].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
                    : null;
                attributes.Add(attribute.Groups[1].Value, values);
            }

            if (attributes.Count == 0)
            {
                throw new FormatException($"README.md line {lineNumber}: no `attribute` in '{cells[3]}' (write '-' for none).");
            }
        }

        var platforms = cells[5].Split(',').Select(p => p.Trim()).ToList();
        var isDefault = cells[6] == "on" ? true
            : cells[6].StartsWith("opt-in", StringComparison.Ordinal) ? false
            : throw new FormatException($"README.md line {lineNumber}: default '{cells[6]}' is neither 'on' nor 'opt-in (...)'.");
        return new DocumentedInstrument(table, name, kind, cells[2], attributes, cells[4], platforms, isDefault);
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Ticked();

    [GeneratedRegex(@"`([^`]+)`(?:\s*\(([^)]*)\))?")]
    private static partial Regex Attribute();
}

/// <summary>One row of a README metric table.</summary>
/// <param name="Table">The heading above the table.</param>
/// <param name="Name">The instrument name.</param>
/// <param name="Kind">Counter, UpDownCounter or Gauge.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Attributes">Each attribute key with its documented values, or null when the values are not listed.</param>
/// <param name="Source">Where the values come from.</param>
/// <param name="Platforms">The platforms it is published on.</param>
/// <param name="IsDefault">True for "on", false for "opt-in".</param>
internal sealed record DocumentedInstrument(
    string Table,
    string Name,
    string Kind,
    string Unit,
    IReadOnlyDictionary<string, IReadOnlyList<string>?> Attributes,
    string Source,
    IReadOnlyList<string> Platforms,
    bool IsDefault)
{
    /// <summary>
    /// Published on Linux by the instrumentation as configured in these tests. The process-group tables (Linux, but
    /// only once groups are defined with TrackProcesses) are left out: ProcessGroups.ReadmeTableTests checks them.
    /// </summary>
    public bool IsOnLinux => Platforms.Contains("Linux") && !Table.StartsWith("Process groups", StringComparison.Ordinal);
}
