using KstatOtel.Testing;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// docs/collector/agent.yaml and gateway.yaml: the README shows them as they are, and every component a pipeline names
/// is defined in its section (read with a small reader of the block-style YAML these files use).
/// </summary>
public class CollectorConfigTests
{
    public static TheoryData<string> Files() => new() { "agent.yaml", "gateway.yaml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void TheReadmeShowsTheCommittedFile(string file)
    {
        var text = File.ReadAllText(RepoPaths.Combine("docs", "collector", file)).ReplaceLineEndings("\n");
        var blocks = ReadmeDocument.CodeBlocks(ReadmeDocument.Load().Section("Scaling past one machine"), "yaml");
        Assert.Contains(text, blocks);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryComponentOfThePipelineIsDefinedAndUsed(string file)
    {
        var lines = File.ReadAllLines(RepoPaths.Combine("docs", "collector", file))
            .Select(l => l.Split(" #")[0].TrimEnd())
            .Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToList();
        var pipeline = Children(lines, "service", "pipelines", "metrics");
        foreach (var kind in new[] { "receivers", "processors", "exporters" })
        {
            var defined = Keys(lines, kind);
            var used = FlowList(pipeline, kind);
            Assert.NotEmpty(used);
            Assert.All(used, c => Assert.Contains(c, defined));
            Assert.All(defined, c => Assert.Contains(c, used));
        }

        var processors = FlowList(pipeline, "processors");
        Assert.Equal("memory_limiter", processors[0]);
        Assert.Equal("batch", processors[^1]);
        Assert.Equal(Keys(lines, "extensions"), FlowList(Children(lines, "service"), "extensions"));
    }

    /// <summary>The lines nested under the path of keys (each one level deeper).</summary>
    private static List<string> Children(List<string> lines, params string[] path)
    {
        var scope = lines;
        foreach (var key in path)
        {
            var start = scope.FindIndex(l => l.Trim() == key + ":");
            Assert.True(start >= 0, $"no '{key}:' on the path {string.Join('.', path)}");
            var indent = Indent(scope[start]);
            scope = scope.Skip(start + 1).TakeWhile(l => Indent(l) > indent).ToList();
        }

        return scope;
    }

    /// <summary>The keys one level under a top-level section.</summary>
    private static List<string> Keys(List<string> lines, string section)
    {
        var children = Children(lines, section);
        var level = children.Min(Indent);
        return children.Where(l => Indent(l) == level).Select(l => l.Trim().TrimEnd(':')).ToList();
    }

    /// <summary>A <c>key: [a, b]</c> list among <paramref name="lines"/>.</summary>
    private static List<string> FlowList(List<string> lines, string key)
    {
        var line = lines.Single(l => l.Trim().StartsWith(key + ":", StringComparison.Ordinal)).Trim();
        var list = line[(key.Length + 1)..].Trim();
        Assert.True(list.StartsWith('[') && list.EndsWith(']'), $"'{key}' is not a [list]: {line}");
        return list.Trim('[', ']').Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;
}
