using BenchmarkDotNet.Attributes;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;

namespace KstatOtel.Benchmarks.ProcessGroups;

/// <summary>
/// One refresh of every process of the host by process groups (a catch-all group named by comm: every process is
/// a member, read through its kept-open stat, status, io and fd directory, then the snapshot part filled), against
/// the C reference reading the same files for the same processes in the same way, with the host's own processes and
/// with 2,000 extra sleeping processes. Procfs only (no taskstats queries, no exit records): the C side makes none.
/// Run: bash scripts/bench-process-groups.sh (it builds the C reference and the sleepers).
/// </summary>
[MemoryDiagnoser]
public class ProcessGroupsRefreshBenchmarks
{
    private SleeperProcesses? sleepers;
    private ProcessTracker tracker = null!;
    private ProcessGroupsPart part = null!;

    /// <summary>Sleeping processes started for the run, on top of the host's.</summary>
    [Params(0, 2000)]
    public int ExtraSleepers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (ExtraSleepers > 0)
        {
            sleepers = SleeperProcesses.Start(ExtraSleepers);
        }

        var status = NativeProcessGroups.Open("/proc");
        if (status != 0)
        {
            throw new InvalidOperationException($"pgb_open failed: {status}");
        }

        tracker = new ProcessTracker(new TrackerSettings
        {
            ProcfsRoot = "/proc",
            Selector = new GroupSelector([new ProcessGroupDefinition { Name = "{Comm}" }]),
            DescriptorBudget = 100_000,
        });
        part = new ProcessGroupsPart();
        for (var i = 0; i < 3; i++)
        {
            _ = NativeProcessGroups.Refresh();
            tracker.Refresh();
            part.Fill(tracker, null);
        }

        Console.WriteLine($"// processes: C read {NativeProcessGroups.Refresh()}, C# tracks {tracker.TrackedProcesses} in {tracker.Groups.Groups.Count} groups, {tracker.KeptDescriptors} descriptors kept open");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        tracker.Dispose();
        NativeProcessGroups.Close();
        sleepers?.Dispose();
    }

    /// <summary>The C reference: list, pread and parse the same files, statx the fd directory.</summary>
    [Benchmark(Baseline = true, Description = "C: read every process")]
    public int CRefresh() => NativeProcessGroups.Refresh();

    /// <summary>The process-groups refresh: tracker plus the snapshot part.</summary>
    [Benchmark(Description = "C#: process groups refresh")]
    public int ManagedRefresh()
    {
        tracker.Refresh();
        part.Fill(tracker, null);
        return part.GroupCount;
    }
}
