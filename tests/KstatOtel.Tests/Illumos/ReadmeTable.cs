using System.Text.RegularExpressions;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// One metric table of README.md in the format of CONTRIBUTING.md (name | kind | unit | attributes | source | platform
/// | default), read from under a given <c>###</c> heading: the specification the illumos tests hold the code to.
/// </summary>
internal static partial class ReadmeTable
{
    public static IReadOnlyList<Row> Read(string heading)
    {
        var lines = File.ReadAllLines(RepoPaths.Combine("README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "### " + heading);
        Assert.True(start >= 0, $"README.md has no '### {heading}' section");
        var rows = new List<Row>();
        var inTable = false;
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith('#'); i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                if (inTable)
                {
                    break;
                }

                continue;
            }

            var cells = Docs.MarkdownTable.Cells(line);
            if (!inTable)
            {
                Assert.Equal(["name", "kind", "unit", "attributes", "source", "platform", "default"], cells);
                inTable = true;
                i++; // the --- row
                continue;
            }

            Assert.True(cells.Length == 7, $"README row with {cells.Length} cells: {line}");
            rows.Add(new Row(cells[0].Trim('`'), cells[1], cells[2], Attributes(cells[3]), cells[6]));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static IReadOnlyDictionary<string, string[]?> Attributes(string cell)
    {
        var attributes = new Dictionary<string, string[]?>();
        if (cell == "-")
        {
            return attributes;
        }

        foreach (Match match in AttributePattern().Matches(cell))
        {
            var values = match.Groups[2].Success ? match.Groups[2].Value.Split(',').Select(v => v.Trim()).ToArray() : null;
            attributes.Add(match.Groups[1].Value, values);
        }

        Assert.True(attributes.Count > 0, $"attributes cell '{cell}' names no attribute");
        return attributes;
    }

    [GeneratedRegex(@"`([^`]+)`(?:\s*\(([^)]*)\))?")]
    private static partial Regex AttributePattern();

    /// <summary>One documented instrument; attribute values are null where the table lists none (free-form values).</summary>
    public sealed record Row(string Name, string Kind, string Unit, IReadOnlyDictionary<string, string[]?> Attributes, string Default);
}
