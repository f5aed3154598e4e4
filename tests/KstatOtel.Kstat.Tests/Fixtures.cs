using KstatOtel.Testing;

namespace KstatOtel.Kstat.Tests;

/// <summary>Paths of the fixture files: real captures in tests/fixtures/kstat, constructed ones in tests/fixtures/kstat-binding.</summary>
internal static class Fixtures
{
    public static string CaptureDirectory => RepoPaths.Combine("tests", "fixtures", "kstat");

    public static string ConstructedDirectory => RepoPaths.Combine("tests", "fixtures", "kstat-binding");

    public static string Capture(string file) => Path.Combine(CaptureDirectory, file);

    public static string Constructed(string file) => Path.Combine(ConstructedDirectory, file);

    /// <summary>Every real <c>kstat -p</c> capture (the chain headers file has another format and is tested apart).</summary>
    public static IEnumerable<string> AllCaptures() =>
        Directory.EnumerateFiles(CaptureDirectory, "*.kstat").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> CaptureNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllCaptures())
        {
            data.Add(file);
        }

        return data;
    }
}
