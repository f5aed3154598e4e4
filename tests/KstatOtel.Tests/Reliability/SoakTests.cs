using System.Globalization;
using KstatOtel.Tests.Illumos;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Reliability;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The soak: an instrumented program (KstatOtel.InstrumentedChild soak) refreshing every 10 ms with every family on,
/// process groups (with thread detail) tracking a churn of a few hundred short-lived processes a second, the illumos
/// host module over the stand-in, a reader collecting every second. Its managed heap (live, after a full collection),
/// resident set, descriptors and threads are sampled; after a warm-up a least-squares line through each gives its
/// slope per hour. 60 s in CI; KSTATOTEL_SOAK_SECONDS sets another length (scripts/soak.sh: 30 min and more).
/// </summary>
/// <remarks>
/// A resource grows when its slope is both over a bound and more than four standard errors from zero. The bounds are
/// far below the smallest leak worth finding (keeping 60 bytes per refresh, 100 a second, grows the heap 20 MiB/h; one
/// descriptor or thread per refresh or per churned process adds hundreds a second) and, with the noise test, above
/// what a 40-second fit of the heap shows when nothing leaks. The resident set is fitted only in runs of 10 minutes and
/// more; the CI minute bounds its range after the warm-up (8 MiB: keeping 3 KB per refresh would exceed it). Figures in
/// docs/reliability.md.
/// </remarks>
[Collection(ReliabilityCollection.Name)]
public class SoakTests
{
    private readonly ITestOutputHelper _output;

    public SoakTests(ITestOutputHelper output) => _output = output;

    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("KSTATOTEL_SOAK_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 60;

    [Fact]
    public void HeapResidentSetDescriptorsAndThreadsStayFlat()
    {
        var seconds = Seconds;
        var sampleSeconds = seconds <= 120 ? 2 : 10;
        var warmup = Math.Max(20, seconds / 6);
        Standin.Serve(Standin.ConstructedMachine(0)); // KSTAT_STANDIN_FIXTURES for the child too: inherited
        var fixtures = Standin.ConstructedMachine(0);
        using var child = ChildProcess.Start(
            BuiltPrograms.InstrumentedChild,
            ["soak", seconds.ToString(CultureInfo.InvariantCulture), sampleSeconds.ToString(CultureInfo.InvariantCulture), SpawnKillTests.Churn, Standin.LibraryPath],
            environment: new Dictionary<string, string> { ["KSTAT_STANDIN_FIXTURES"] = fixtures, ["KSTAT_STANDIN_MISUSE"] = "abort" });
        child.WaitForLine(l => l == "soak-done", TimeSpan.FromSeconds(seconds + 120));
        Assert.Equal(0, child.Stop());

        var lines = child.Lines.Where(l => l.StartsWith("sample ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var samples = lines.Select(p => new ResourceSample(
            double.Parse(p[1], CultureInfo.InvariantCulture),
            long.Parse(p[2], CultureInfo.InvariantCulture),
            long.Parse(p[3], CultureInfo.InvariantCulture),
            int.Parse(p[4], CultureInfo.InvariantCulture),
            int.Parse(p[5], CultureInfo.InvariantCulture))).ToList();
        var spawned = long.Parse(lines[^1][6], CultureInfo.InvariantCulture);
        var collections = long.Parse(lines[^1][7], CultureInfo.InvariantCulture);
        var report = GrowthReport.Of(samples, warmup);
        var area = seconds <= 120 ? "soak-ci" : "soak-long";
        Figures.Record(area, "duration", seconds / 60, "min");
        Figures.Record(area, "churned processes", spawned, "processes");
        Figures.Record(area, "collections", collections, "collections");
        _output.WriteLine($"{seconds} s, sampled every {sampleSeconds} s, warm-up {warmup} s; {spawned} processes churned ({spawned / seconds:F0}/s), {collections} collections");
        _output.WriteLine(report.Record(area));
        var csv = Path.Combine(Path.GetTempPath(), $"kstatotel-{area}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        File.WriteAllText(csv, report.ToCsv());
        _output.WriteLine($"samples: {csv}");
        var problems = child.Events.Where(e => e.Name is "RefreshFailed" or "CallbackFailed" or "InstrumentationFailed" or "SnapshotStale").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(spawned > seconds * 50, $"the churn ran: {spawned} processes");

        // Growth is a slope both above what matters and well outside the fit's noise (four standard errors): a leak is a
        // steady climb, while the allocator and the JIT settling give slopes within a few standard errors of zero.
        const double MiB = 1024 * 1024;
        Flat("heap", report.Heap, 20 * MiB, MiB, "MiB/h");
        if (seconds >= 600)
        {
            Flat("RSS", report.Rss, 100 * MiB, MiB, "MiB/h");
        }
        else
        {
            // A minute is too short for the resident set's slope: the runtime still settles (one step of about 2 MiB
            // some 30 s in, tiered compilation; then a creep of a few MiB/h), which a 40-second fit turns into 200 MiB/h.
            // The CI run bounds what the fitted window adds instead; the long soak fits the slope.
            Assert.True(report.Rss.Max - report.Rss.Min <= 8 * MiB, $"RSS range {(report.Rss.Max - report.Rss.Min) / MiB:F1} MiB after the warm-up");
        }

        // Each churned process a group tracks holds 4 descriptors while it lives, and how many are alive at a sample
        // varies: a range of 63 (about 16 processes) was seen in a 15-minute run whose descriptor slope was negative.
        // The slope catches a leak; the range only bounds the swing.
        Flat("descriptors", report.Descriptors, 500, 1, "/h");
        Assert.True(report.Descriptors.Max - report.Descriptors.Min <= 100, $"descriptors range {report.Descriptors.Min}..{report.Descriptors.Max}");
        Assert.True(report.Threads.Max - report.Threads.Min <= 2, $"threads range {report.Threads.Min}..{report.Threads.Max}");
    }

    private static void Flat(string what, Growth growth, double bound, double scale, string unit) =>
        Assert.False(
            growth.SlopePerHour > bound && growth.SlopePerHour > 4 * growth.StandardErrorPerHour,
            $"{what} grows {growth.SlopePerHour / scale:F1} {unit} (standard error {growth.StandardErrorPerHour / scale:F1}), over the {bound / scale:F0} {unit} bound");
}
