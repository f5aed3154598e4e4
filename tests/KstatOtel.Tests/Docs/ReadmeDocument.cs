using KstatOtel.Testing;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// README.md read as sections (a heading and the lines up to the next heading of the same or a higher level), with
/// their fenced code blocks and pipe tables: what the documentation tests hold the code to.
/// </summary>
internal sealed class ReadmeDocument
{
    private readonly string[] _lines;

    private ReadmeDocument(string[] lines)
    {
        _lines = lines;
    }

    public static ReadmeDocument Load() => Parse(File.ReadAllText(RepoPaths.Combine("README.md")));

    public static ReadmeDocument Parse(string markdown) => new(markdown.ReplaceLineEndings("\n").Split('\n'));

    /// <summary>The whole text.</summary>
    public string Text => string.Join('\n', _lines);

    /// <summary>
    /// The lines under the first heading (any level) whose text starts with <paramref name="headingStart"/>, up to the
    /// next heading of the same or a higher level; fenced code is skipped when looking for headings.
    /// </summary>
    public IReadOnlyList<string> Section(string headingStart)
    {
        var inFence = false;
        for (var i = 0; i < _lines.Length; i++)
        {
            inFence ^= IsFence(_lines[i]);
            if (inFence || HeadingLevel(_lines[i]) is not { } level || !HeadingText(_lines[i]).StartsWith(headingStart, StringComparison.Ordinal))
            {
                continue;
            }

            var end = i + 1;
            var fence = false;
            for (; end < _lines.Length; end++)
            {
                fence ^= IsFence(_lines[end]);
                if (!fence && HeadingLevel(_lines[end]) is { } next && next <= level)
                {
                    break;
                }
            }

            return _lines[(i + 1)..end];
        }

        throw new InvalidOperationException($"README.md has no heading starting with '{headingStart}'.");
    }

    /// <summary>The fenced code blocks of <paramref name="language"/> in <paramref name="section"/>, in order.</summary>
    public static IReadOnlyList<string> CodeBlocks(IReadOnlyList<string> section, string language)
    {
        var blocks = new List<string>();
        for (var i = 0; i < section.Count; i++)
        {
            if (section[i].Trim() != "```" + language)
            {
                continue;
            }

            var end = i + 1;
            while (end < section.Count && section[end].Trim() != "```")
            {
                end++;
            }

            blocks.Add(string.Join('\n', section.Skip(i + 1).Take(end - i - 1)) + "\n");
            i = end;
        }

        return blocks;
    }

    /// <summary>
    /// The pipe tables of <paramref name="section"/> whose header row has exactly <paramref name="columns"/>; each row
    /// as its trimmed cells.
    /// </summary>
    public static IReadOnlyList<string[]> TableRows(IReadOnlyList<string> section, params string[] columns)
    {
        var rows = new List<string[]>();
        for (var i = 0; i < section.Count; i++)
        {
            if (!section[i].TrimStart().StartsWith('|') || !MarkdownTable.Cells(section[i]).SequenceEqual(columns))
            {
                continue;
            }

            for (i += 2; i < section.Count && section[i].TrimStart().StartsWith('|'); i++)
            {
                var cells = MarkdownTable.Cells(section[i]);
                if (cells.Length != columns.Length)
                {
                    throw new FormatException($"README row with {cells.Length} cells instead of {columns.Length}: {section[i]}");
                }

                rows.Add(cells);
            }
        }

        return rows;
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    private static int? HeadingLevel(string line)
    {
        var level = line.TakeWhile(c => c == '#').Count();
        return level is > 0 and <= 6 && line.Length > level && line[level] == ' ' ? level : null;
    }

    private static string HeadingText(string line) => line.TrimStart('#').Trim();
}
