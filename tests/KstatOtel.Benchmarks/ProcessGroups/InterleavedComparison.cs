using System.Diagnostics;
using System.Globalization;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;

namespace KstatOtel.Benchmarks.ProcessGroups;

/// <summary>
/// The C and C# refreshes of <see cref="ProcessGroupsRefreshBenchmarks"/>, alternated in one process: rounds of C
/// refreshes and rounds of C# refreshes, one after the other, so that the load of a shared machine, which drifts over
/// the minutes BenchmarkDotNet spends on each case, weighs on both alike. Prints the best and the mean round of each
/// and their ratios. Run: bash scripts/bench-process-groups.sh (after the BenchmarkDotNet run), or
/// dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --process-groups-interleaved [EXTRA_SLEEPERS].
/// </summary>
internal static class InterleavedComparison
{
    public const string Argument = "--process-groups-interleaved";

    private const int Rounds = 30;

    public static void Run(int extraSleepers)
    {
        using var sleepers = extraSleepers > 0 ? SleeperProcesses.Start(extraSleepers) : null;
        if (NativeProcessGroups.Open("/proc") is var status && status != 0)
        {
            throw new InvalidOperationException($"pgb_open failed: {status}");
        }

        using var tracker = new ProcessTracker(new TrackerSettings
        {
            ProcfsRoot = "/proc",
            Selector = new GroupSelector([new ProcessGroupDefinition { Name = "{Comm}" }]),
            DescriptorBudget = 100_000,
        });
        var part = new ProcessGroupsPart();
        try
        {
            // Warm up: the files opened, the code at its final tier.
            var warmup = Stopwatch.StartNew();
            while (warmup.Elapsed < TimeSpan.FromSeconds(3))
            {
                _ = NativeProcessGroups.Refresh();
                tracker.Refresh();
                part.Fill(tracker, null);
            }

            var perRound = Math.Max(3, (int)(200 / Math.Max(1.0, tracker.TrackedProcesses / 80.0)));
            double bestC = double.MaxValue, bestManaged = double.MaxValue, sumC = 0, sumManaged = 0;
            var allocated = 0L;
            for (var round = 0; round < Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < perRound; i++)
                {
                    _ = NativeProcessGroups.Refresh();
                }

                var c = clock.Elapsed.TotalMilliseconds / perRound;
                var before = GC.GetAllocatedBytesForCurrentThread();
                clock.Restart();
                for (var i = 0; i < perRound; i++)
                {
                    tracker.Refresh();
                    part.Fill(tracker, null);
                }

                var managed = clock.Elapsed.TotalMilliseconds / perRound;
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                bestC = Math.Min(bestC, c);
                bestManaged = Math.Min(bestManaged, managed);
                sumC += c;
                sumManaged += managed;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
                process groups, interleaved: {{tracker.TrackedProcesses}} processes ({{extraSleepers}} extra sleepers), {{Rounds}} rounds of {{perRound}} refreshes each side, load {{File.ReadAllText("/proc/loadavg").Trim()}}
                | side | best round | mean round |
                | --- | ---: | ---: |
                | C: read every process | {{bestC:0.000}} ms | {{sumC / Rounds:0.000}} ms |
                | C#: process groups refresh | {{bestManaged:0.000}} ms | {{sumManaged / Rounds:0.000}} ms |
                | ratio C# / C | {{bestManaged / bestC:0.00}} | {{sumManaged / sumC:0.00}} |
                C# allocated {{(double)allocated / (Rounds * perRound):0.#}} B per refresh (new processes of the host included)
                """));
        }
        finally
        {
            NativeProcessGroups.Close();
        }
    }
}
