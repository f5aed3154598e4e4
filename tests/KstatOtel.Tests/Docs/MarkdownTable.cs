namespace KstatOtel.Tests.Docs;

/// <summary>Pipe tables of the README files, as the documentation tests read them.</summary>
internal static class MarkdownTable
{
    /// <summary>The cells of one table row (<c>| a | b |</c>), trimmed, without the outer pipes.</summary>
    public static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
