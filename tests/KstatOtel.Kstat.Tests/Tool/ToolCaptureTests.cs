using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>
/// examples/Kstat -p on every real capture: for every NAMED kstat, the lines printed are the capture's lines (key
/// and value exactly; the separator may differ, times are compared as numbers since kstat(1) captures print 7 or 9
/// decimals and some locales a comma), plus the class/crtime/snaptime pseudo-statistics the capture lacked. For
/// RAW and IO kstats (excerpts in the captures) every captured line is printed among the fields of the structure.
/// </summary>
[Collection(StandinCollection.Name)]
public class ToolCaptureTests
{
    private static readonly string[] PseudoStatistics = ["class", "crtime", "snaptime"];

    public static TheoryData<string> Captures() => Fixtures.CaptureNames();

    [Theory]
    [MemberData(nameof(Captures))]
    public void ParseableOutputReproducesTheCapture(string file)
    {
        var path = Fixtures.Capture(file);
        using var session = StandinSession.Start(path);
        var output = new StringWriter();
        var error = new StringWriter();
        var status = KstatTool.Run(["--fixture", path, "--library", Standin.LibraryPath, "-p"], output, error);
        Assert.True(status == 0, $"exit status {status}: {error}");

        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2)).Select(p => (Key: p[0], Value: p[1], Used: false)).ToList();
        var captured = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(captured);

        foreach (var line in captured)
        {
            var index = printed.FindIndex(p => !p.Used && Matches(line, p.Key, p.Value));
            Assert.True(index >= 0, $"{file}: the capture line '{line}' was not printed; printed:\n{output}");
            printed[index] = printed[index] with { Used = true };
        }

        using var token = KstatToken.Open(Standin.LibraryPath);
        var types = token.GetAll().ToDictionary(e => $"{e.Module}:{e.Instance}:{e.Name}:", e => e.Type);
        foreach (var (key, value, used) in printed.Where(p => !p.Used))
        {
            var kstat = types.Keys.Single(k => key.StartsWith(k, StringComparison.Ordinal));
            var statistic = key[kstat.Length..];
            var isPseudo = PseudoStatistics.Contains(statistic) && !captured.Any(l => l.StartsWith(key, StringComparison.Ordinal));
            Assert.True(isPseudo || types[kstat] != KstatType.Named,
                $"{file}: '{key}\t{value}' was printed for a NAMED kstat but is not in the capture");
        }

        Assert.Equal(captured.Select(KstatOf).Distinct().Count(), printed.Select(p => KstatOf(p.Key)).Distinct().Count());
    }

    /// <summary>
    /// True when the capture line is the printed key, whitespace, then the printed value (verbatim: trailing spaces
    /// count); crtime and snaptime compare as numbers of nanoseconds.
    /// </summary>
    private static bool Matches(string line, string key, string value)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[key.Length..];
        if (key.EndsWith(":crtime", StringComparison.Ordinal) || key.EndsWith(":snaptime", StringComparison.Ordinal))
        {
            return rest.Length > 0 && char.IsWhiteSpace(rest[0]) && TestKstats.Nanoseconds(rest.Trim()) == TestKstats.Nanoseconds(value);
        }

        // A number may carry trailing spaces in a capture ("model     93 "); it prints as the number.
        var captured = ulong.TryParse(value, out _) || long.TryParse(value, out _) ? rest.TrimEnd() : rest;
        return captured.EndsWith(value, StringComparison.Ordinal)
            && captured.Length > value.Length
            && captured[..^value.Length].All(c => c is ' ' or '\t');
    }

    private static string KstatOf(string line)
    {
        var colons = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == ':' && ++colons == 3)
            {
                return line[..i];
            }
        }

        return line;
    }
}
