using System.Globalization;
using KstatOtel.Tests.Linux.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// An instrumented program (tests/KstatOtel.InstrumentedChild) whose open-file limit leaves it 0 to 32 descriptors
/// when the instrumentation starts, the way 'ulimit -n' would. (A literal 'ulimit -n 32' stops the .NET runtime itself
/// before any code runs: it keeps each assembly open, about 180 descriptors for this program. So the child loads its
/// assemblies first and lowers its own soft limit with setrlimit.) At every limit: building the MeterProvider never
/// throws, the program runs, collects and exits normally, and whatever could not start is reported by an event that
/// names EMFILE or the open-file limit and says to raise it; with room enough everything is published.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class DescriptorLimitTests
{
    private readonly ITestOutputHelper _output;

    public DescriptorLimitTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The runtime makes some threads of its own late (the tiered JIT's, the background GC's), and a thread needs a
    /// descriptor: with none left it aborts the process ("Out of memory."). Those are switched off in the child, so
    /// that what the limit hits is the instrumentation.
    /// </summary>
    private static readonly Dictionary<string, string> NoLateRuntimeThreads = new()
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
    };

    [Fact]
    public void AtAnyDescriptorLimitTheProgramRunsAndTheDiagnosticsSayWhatToRaise()
    {
        var published = new Dictionary<int, int>();
        foreach (var headroom in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32 })
        {
            using var child = ChildProcess.Start(BuiltPrograms.InstrumentedChild, ["--in-process", "--refresh-ms", "50", "--fd-headroom", headroom.ToString(CultureInfo.InvariantCulture)], environment: NoLateRuntimeThreads);
            child.WaitReady();
            child.Flush();
            var flushed = child.Lines.Last(l => l.StartsWith("flushed", StringComparison.Ordinal)).Split(' ');
            var metrics = int.Parse(flushed[1], CultureInfo.InvariantCulture);
            Assert.Equal(0, child.Stop());
            Assert.DoesNotContain(child.Lines, l => l.StartsWith("build-failed", StringComparison.Ordinal));
            Assert.True(string.IsNullOrWhiteSpace(child.Stderr), $"headroom {headroom}: {child.Stderr}");

            var problems = child.Events.Where(e => e.Name is "MetricUnavailable" or "InstrumentationFailed" or "RefreshFailed").ToList();
            foreach (var problem in problems)
            {
                Assert.True(
                    problem.Text.Contains("EMFILE", StringComparison.Ordinal) || problem.Text.Contains("OutOfMemoryException", StringComparison.Ordinal),
                    $"headroom {headroom}: {problem} does not name the cause");
                Assert.Contains("ulimit -n", problem.Text, StringComparison.Ordinal);
            }

            Assert.True(metrics > 0 || problems.Count > 0, $"headroom {headroom}: nothing published and nothing said why");
            published[headroom] = metrics;
            _output.WriteLine($"headroom {headroom}: {child.Lines.First(l => l.StartsWith("fd-limit", StringComparison.Ordinal))}, {metrics} metrics published, events: {string.Join(" / ", problems.Select(p => p.Name + " " + p.Payload[0]))}");
        }

        Assert.True(published[32] >= 10, $"with room enough every metric is published ({published[32]})");
    }
}
