namespace KstatOtel.Packaging.Tests.Support;

/// <summary>
/// The release notes a package must carry, read from its CHANGELOG.md by the rule the pack follows (written here on its
/// own, line by line, to check the build's reading): the level-2 section whose heading names the version, else its
/// version prefix, else "Unreleased"; its body up to the next level-2 heading, trimmed.
/// </summary>
public static class Changelog
{
    public static string ReleaseNotes(string changelogPath, string version)
    {
        var lines = File.ReadAllText(changelogPath).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var prefix = version.Split('-', '+')[0];
        var start = FindHeading(lines, h => HeadingVersion(h) == version)
            ?? FindHeading(lines, h => HeadingVersion(h) == prefix)
            ?? FindHeading(lines, h => string.Equals(HeadingVersion(h), "unreleased", StringComparison.OrdinalIgnoreCase));
        Assert.True(start is not null, $"{changelogPath} has no section for {version} nor an Unreleased one");
        var body = lines.Skip(start.Value + 1).TakeWhile(l => !IsLevel2Heading(l));
        return string.Join('\n', body).Trim();
    }

    private static int? FindHeading(string[] lines, Func<string, bool> matches)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsLevel2Heading(lines[i]) && matches(lines[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsLevel2Heading(string line) => line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("##\t", StringComparison.Ordinal);

    /// <summary>"## [0.2.0] - 2025-01-01" gives "0.2.0"; "## 0.1.0 (unreleased)" gives "0.1.0"; "## Unreleased" gives "Unreleased".</summary>
    private static string HeadingVersion(string heading)
    {
        var token = heading[2..].TrimStart().Split([' ', '\t'], 2)[0].Trim('[', ']');
        return token.StartsWith('v') && token.Length > 1 && char.IsDigit(token[1]) ? token[1..] : token;
    }
}
