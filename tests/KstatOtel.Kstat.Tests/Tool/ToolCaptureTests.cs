using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>
/// examples/Kstat -p on every real capture served by the stand-in prints exactly the capture's lines: no line more
/// (no class, crtime or snaptime the capture lacked, no zero for a struct field it lacked) and no line less, in
/// the capture's order. Normalizations, each because the capture's text is not what illumos kstat(1) -p prints
/// today, while the value is the same:
/// <list type="bullet">
/// <item>the separator between statistic and value: the tool prints a TAB; captures copied from web pages and man
/// pages have the TABs expanded to spaces;</item>
/// <item>crtime and snaptime compare as numbers of nanoseconds: Solaris kstat(1) printed 7 or 9 decimals (and a
/// comma in some locales), illumos prints <c>%.9f</c>;</item>
/// <item>trailing whitespace after a number in a capture (<c>model     93 </c>) is dropped: the value is the
/// number (text values keep theirs: SCSI strings such as <c>WD      </c> end in spaces);</item>
/// <item>order: the capture's lines are put in kstat(1)'s order (module, instance as a number, name, then
/// statistic, compared as illumos's <c>strcasecmp</c> does, ASCII letters folded to lower case) before they are
/// compared; every capture but those of <see cref="NotInKstatOrder"/> is already in that order (asserted).</item>
/// </list>
/// </summary>
[Collection(StandinCollection.Name)]
public class ToolCaptureTests
{
    /// <summary>
    /// Captures whose lines are not in the order kstat(1) printed them, each with the reason (from its header).
    /// </summary>
    private static readonly Dictionary<string, string> NotInKstatOrder = new(StringComparer.Ordinal)
    {
        // "converted to kstat -p form" from go-kstat's gob data; the converter sorted the lines ordinally
        // (upper case first), kstat(1) would print class and crtime first and snaptime before Soft Errors.
        ["illumos-sderr--6--sd6,err.kstat"] = "converted from go-kstat data, sorted ordinally",
    };

    public static TheoryData<string> Captures() => Fixtures.CaptureNames();

    [Theory]
    [MemberData(nameof(Captures))]
    public void ParseableOutputIsTheCapture(string file)
    {
        var path = Fixtures.Capture(file);
        using var session = StandinSession.Start(path);
        var output = new StringWriter();
        var error = new StringWriter();
        var status = KstatTool.Run(["--fixture", path, "--library", Standin.LibraryPath, "-p"], output, error);
        Assert.True(status == 0, $"exit status {status}: {error}");

        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lines = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(lines);
        var captured = lines.OrderBy(l => l, KstatLineOrder.Instance).ToList(); // stable: equal keys keep their order
        Assert.True(captured.SequenceEqual(lines) != NotInKstatOrder.ContainsKey(file),
            $"{file}: its lines are {(NotInKstatOrder.ContainsKey(file) ? string.Empty : "not ")}in kstat(1) order");
        for (var i = 0; i < Math.Max(printed.Length, captured.Count); i++)
        {
            var line = i < printed.Length ? printed[i] : "(nothing)";
            var expected = i < captured.Count ? captured[i] : "(nothing)";
            var parts = line.Split('\t', 2);
            Assert.True(parts.Length == 2 && Matches(expected, parts[0], parts[1]),
                $"{file}, line {i + 1}: printed '{line}', the capture has '{expected}'; printed:\n{output}");
        }
    }

    /// <summary>kstat(1)'s order of <c>kstat -p</c> lines: module, instance (a number), name, then the rest (statistic).</summary>
    private sealed class KstatLineOrder : IComparer<string>
    {
        public static readonly KstatLineOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x!.Split(':', 4);
            var b = y!.Split(':', 4);
            var order = StrCaseCmp(a[0], b[0]);
            if (order == 0)
            {
                order = int.Parse(a[1], System.Globalization.CultureInfo.InvariantCulture)
                    .CompareTo(int.Parse(b[1], System.Globalization.CultureInfo.InvariantCulture));
            }

            if (order == 0)
            {
                order = StrCaseCmp(a[2], b[2]);
            }

            return order != 0 ? order : StrCaseCmp(a[3], b[3]);
        }

        /// <summary>C's strcasecmp in the C locale: bytes compared with A-Z folded to a-z.</summary>
        private static int StrCaseCmp(string x, string y)
        {
            for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                var d = char.ToLowerInvariant(x[i]) - char.ToLowerInvariant(y[i]);
                if (d != 0)
                {
                    return d;
                }
            }

            return x.Length - y.Length;
        }
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
}
