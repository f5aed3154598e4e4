using System.Text.RegularExpressions;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The metric tables of src/KstatOtel/README.md, the README inside the NuGet package, in the two shapes it uses
/// (those of opentelemetry-dotnet-contrib):
/// <list type="bullet">
/// <item>under a heading that names the instruments (<c>### a.b</c>, <c>### a.b, a.c</c>, with an optional trailing
/// <c>(opt-in ...)</c>): <c>| Units | Instrument Type | Value Type | Attribute Key(s) | Attribute Values |</c>, one row
/// that applies to every instrument of the heading;</item>
/// <item><c>| Name | Units | Instrument Type | Value Type | Attribute Key(s) |</c> (an <c>Attribute Values</c> column may
/// follow): each Name cell lists one or more instruments, <c>`a.b.c`, `.d`, `.e.f`</c>, where a name starting with a
/// dot replaces as many trailing segments of the first name as it has (<c>.d</c> gives <c>a.b.d</c>, <c>.e.f</c> gives
/// <c>a.e.f</c>).</item>
/// </list>
/// Units, Instrument Type and Value Type hold one value for every instrument of the row or one per instrument, in the
/// order of the names. Attribute Key(s) lists <c>`key`</c>s for every instrument of the row; the word <c>group</c>
/// stands for <c>kstatotel.process_group.name</c>. Any item may carry a note in parentheses, which is ignored. Rows
/// under a <c>##</c> heading that mentions illumos are the illumos/Solaris instruments; every other row is Linux.
/// </summary>
internal static partial class PackageReadme
{
    public const string GroupAttribute = "kstatotel.process_group.name";

    private const string Units = "units";
    private const string InstrumentType = "instrument type";
    private const string ValueType = "value type";
    private const string AttributeKeys = "attribute key(s)";
    private const string AttributeValues = "attribute values";
    private const string NameColumn = "name";

    public static string Path => RepoPaths.Combine("src", "KstatOtel", "README.md");

    /// <summary>Every instrument the package README documents, one entry per instrument (rows naming several are expanded).</summary>
    public static IReadOnlyList<PackageReadmeInstrument> Read() => Parse(File.ReadAllText(Path));

    public static IReadOnlyList<PackageReadmeInstrument> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var result = new List<PackageReadmeInstrument>();
        var section = string.Empty;
        var heading = string.Empty;
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                heading = string.Empty;
                continue;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                heading = line[4..].Trim();
                continue;
            }

            if (!line.StartsWith('|'))
            {
                continue;
            }

            var header = MarkdownTable.Cells(line).Select(c => c.ToLowerInvariant()).ToArray();
            if (!header.Contains(InstrumentType))
            {
                // Not a metric table (options, for instance): skip it whole.
                for (; i + 1 < lines.Length && lines[i + 1].Trim().StartsWith('|'); i++)
                {
                }

                continue;
            }

            var columns = Columns(header, i + 1);
            i += 2; // header and separator
            for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
            {
                result.AddRange(ParseRow(section, heading, columns, MarkdownTable.Cells(lines[i].Trim()), i + 1));
            }

            i--;
        }

        return result;
    }

    private static Dictionary<string, int> Columns(string[] header, int lineNumber)
    {
        string[] known = [NameColumn, Units, InstrumentType, ValueType, AttributeKeys, AttributeValues];
        if (header.FirstOrDefault(h => !known.Contains(h)) is { } unknown)
        {
            throw new FormatException($"package README line {lineNumber}: unknown metric-table column '{unknown}'.");
        }

        foreach (var required in new[] { Units, InstrumentType, ValueType, AttributeKeys })
        {
            if (!header.Contains(required))
            {
                throw new FormatException($"package README line {lineNumber}: the metric table has no '{required}' column.");
            }
        }

        return header.Select((h, index) => (h, index)).ToDictionary(c => c.h, c => c.index);
    }

    private static IEnumerable<PackageReadmeInstrument> ParseRow(string section, string heading, Dictionary<string, int> columns, string[] cells, int lineNumber)
    {
        if (cells.Length != columns.Count)
        {
            throw new FormatException($"package README line {lineNumber}: {cells.Length} cells, the header has {columns.Count}.");
        }

        var names = columns.TryGetValue(NameColumn, out var nameColumn)
            ? ExpandNames(Items(cells[nameColumn], lineNumber), lineNumber)
            : HeadingNames(heading, lineNumber);
        var units = PerName(Values(cells[columns[Units]], lineNumber), names.Count, Units, lineNumber);
        var types = PerName(Values(cells[columns[InstrumentType]], lineNumber), names.Count, InstrumentType, lineNumber);
        var valueTypes = PerName(Values(cells[columns[ValueType]], lineNumber), names.Count, ValueType, lineNumber);
        var keys = Items(cells[columns[AttributeKeys]], lineNumber)
            .Select(k => k == "group" ? GroupAttribute
                : TickedWhole().Match(k) is { Success: true } m ? m.Groups[1].Value
                : throw new FormatException($"package README line {lineNumber}: attribute key '{k}' is neither `key` nor group."))
            .ToList();
        if (keys.Count != keys.Distinct().Count())
        {
            throw new FormatException($"package README line {lineNumber}: an attribute key is listed twice.");
        }

        for (var n = 0; n < names.Count; n++)
        {
            if (types[n] is not ("ObservableCounter" or "ObservableGauge" or "ObservableUpDownCounter"))
            {
                throw new FormatException($"package README line {lineNumber}: instrument type '{types[n]}' is not ObservableCounter, ObservableGauge or ObservableUpDownCounter.");
            }

            if (valueTypes[n] is not ("Int64" or "Double"))
            {
                throw new FormatException($"package README line {lineNumber}: value type '{valueTypes[n]}' is not Int64 or Double.");
            }

            yield return new PackageReadmeInstrument(section, names[n], units[n], types[n], valueTypes[n], keys, lineNumber);
        }
    }

    /// <summary>The comma-separated items of a cell as written (backticks kept), each without its note in parentheses.</summary>
    private static List<string> Items(string cell, int lineNumber)
    {
        var items = new List<string>();
        if (cell.Length == 0)
        {
            return items;
        }

        var position = 0;
        foreach (Match item in Item().Matches(cell))
        {
            if (item.Index != position || item.Length == 0)
            {
                break;
            }

            position = item.Index + item.Length;
            items.Add(item.Groups["value"].Value.Trim());
        }

        if (position != cell.Length)
        {
            throw new FormatException($"package README line {lineNumber}: cannot read '{cell}' as a comma-separated list.");
        }

        return items;
    }

    /// <summary>The items of a cell without their backticks; at least one.</summary>
    private static List<string> Values(string cell, int lineNumber)
    {
        var values = Items(cell, lineNumber).Select(v => v.Trim('`')).ToList();
        return values.Count > 0 && values.All(v => v.Length > 0)
            ? values
            : throw new FormatException($"package README line {lineNumber}: '{cell}' holds no value.");
    }

    /// <summary>The names of a Name cell: `full.name`, then `.shorthand`s relative to it (or further full names).</summary>
    private static List<string> ExpandNames(List<string> items, int lineNumber)
    {
        var names = new List<string>();
        string? first = null;
        foreach (var item in items)
        {
            var name = TickedWhole().Match(item) is { Success: true } m
                ? m.Groups[1].Value
                : throw new FormatException($"package README line {lineNumber}: the name '{item}' is not in backticks.");
            if (name.StartsWith('.'))
            {
                if (first is null)
                {
                    throw new FormatException($"package README line {lineNumber}: '{name}' has no full name before it.");
                }

                var replaced = name[1..].Split('.');
                var segments = first.Split('.');
                if (replaced.Length >= segments.Length)
                {
                    throw new FormatException($"package README line {lineNumber}: '{name}' replaces every segment of '{first}'.");
                }

                name = string.Join('.', segments[..^replaced.Length].Concat(replaced));
            }
            else
            {
                first ??= name;
            }

            names.Add(CheckedName(name, lineNumber));
        }

        return names;
    }

    private static List<string> HeadingNames(string heading, int lineNumber)
    {
        var text = NoteAtEnd().Replace(heading, string.Empty).Trim();
        if (text.Length == 0)
        {
            throw new FormatException($"package README line {lineNumber}: a table without a Name column under a heading that names no instrument.");
        }

        return text.Split(',').Select(n => CheckedName(n.Trim().Trim('`'), lineNumber)).ToList();
    }

    private static string CheckedName(string name, int lineNumber) =>
        MetricName().IsMatch(name) ? name : throw new FormatException($"package README line {lineNumber}: '{name}' is not an instrument name.");

    private static List<string> PerName(List<string> values, int count, string column, int lineNumber) =>
        values.Count == 1 ? Enumerable.Repeat(values[0], count).ToList()
        : values.Count == count ? values
        : throw new FormatException($"package README line {lineNumber}: {values.Count} values in '{column}' for {count} instruments (give one, or one per instrument).");

    /// <summary>One item: a ticked or bare value, an optional note in parentheses, then a comma or the end.</summary>
    [GeneratedRegex(@"\s*(?<value>`[^`]*`|[^,(`]+?)\s*(?:\([^()]*\))?\s*(?:,|$)")]
    private static partial Regex Item();

    [GeneratedRegex(@"^`([^`]+)`$")]
    private static partial Regex TickedWhole();

    [GeneratedRegex(@"\s*\([^()]*\)\s*$")]
    private static partial Regex NoteAtEnd();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
    private static partial Regex MetricName();
}

/// <summary>One instrument the package README documents.</summary>
/// <param name="Section">The <c>##</c> heading it is under.</param>
/// <param name="Name">The instrument name.</param>
/// <param name="Unit">The unit.</param>
/// <param name="InstrumentType">ObservableCounter, ObservableGauge or ObservableUpDownCounter.</param>
/// <param name="ValueType">Int64 or Double.</param>
/// <param name="AttributeKeys">The attribute keys of its points.</param>
/// <param name="Line">The line of its row.</param>
internal sealed record PackageReadmeInstrument(
    string Section,
    string Name,
    string Unit,
    string InstrumentType,
    string ValueType,
    IReadOnlyList<string> AttributeKeys,
    int Line)
{
    /// <summary>An illumos/Solaris instrument (its <c>##</c> heading mentions illumos); otherwise a Linux one.</summary>
    public bool IsIllumos => Section.Contains("illumos", StringComparison.OrdinalIgnoreCase);
}
