using KstatOtel.Taskstats;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Linux;

/// <summary>
/// The published values of the own process, after real work, against what /proc/self, getrusage and a taskstats
/// query say right before and right after the refresh that produced them.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class ProcessValuesTests
{
    private readonly ITestOutputHelper _output;

    public ProcessValuesTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void WithTaskstatsTheValuesAgreeWithProcSelf()
    {
        Privileges.RequireNetAdmin();
        using var events = new EventRecorder();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.LinuxSource = LinuxProcessSource.Taskstats;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        Assert.Contains(events.Named("SourceChosen"), e => e.Payload[1] == "taskstats + procfs");
        Workload.Run();

        using var client = TaskstatsClient.Open();
        var taskstatsBefore = client.Self();
        var (before, after, metrics) = Bracket(provider);
        var taskstatsAfter = client.Self();

        CheckCommon(before, after, metrics);

        // CPU: taskstats gives the exact runtime, /proc/self/stat whole clock ticks of the same runtime.
        var cpu = metrics.Single(m => m.Name == "process.cpu.time");
        var user = cpu.Point(("cpu.mode", "user")).Value;
        var system = cpu.Point(("cpu.mode", "system")).Value;
        // /proc/self/stat also counts the not-yet-accounted runtime of threads running on the other CPU at the moment
        // it is read, which a thread-group taskstats query leaves out: under load (other tests burn CPU in parallel)
        // that is a few kernel ticks, so the stat bracket gets 5 clock ticks of slack. After minutes of thread churn in
        // this process (the reliability tests start and end thousands of threads) the thread-group query was once seen
        // 0.26 s short of stat's 184.3 s (0.14 %; cause not established), hence the slack grows with the total: 0.5 %.
        // The exact check is the taskstats bracket below.
        var tick = 1.0 / TestPosix.SysConf(2);
        var statLow = before.UserSeconds + before.SystemSeconds;
        Assert.InRange(user + system, statLow - Math.Max(5 * tick, 0.005 * statLow), after.UserSeconds + after.SystemSeconds + (2 * tick));
        var runBefore = taskstatsBefore.CpuRunVirtualTotal!.Value.TotalSeconds;
        var runAfter = taskstatsAfter.CpuRunVirtualTotal!.Value.TotalSeconds;
        Assert.InRange(user + system, runBefore - 1e-6, runAfter + 1e-6);
        var slack = Math.Max(0.05, 0.1 * (after.UserSeconds + after.SystemSeconds));
        Assert.InRange(user, before.UserSeconds - slack, after.UserSeconds + slack);
        Assert.InRange(system, before.SystemSeconds - slack, after.SystemSeconds + slack);
        Assert.True(user >= 0.3, $"two threads burnt 300 ms each; user time is {user}");

        // Delays: the CPU delay is filled whatever kernel.task_delayacct says.
        var count = metrics.Single(m => m.Name == "kstatotel.process.delay.count").Point(("kstatotel.delay.kind", "cpu")).Value;
        var time = metrics.Single(m => m.Name == "kstatotel.process.delay.time").Point(("kstatotel.delay.kind", "cpu")).Value;
        Assert.InRange(count, taskstatsBefore.CpuDelay!.Value.Count, taskstatsAfter.CpuDelay!.Value.Count);
        Assert.InRange(time, taskstatsBefore.CpuDelay!.Value.TotalNanoseconds / 1e9 - 1e-9, taskstatsAfter.CpuDelay!.Value.TotalNanoseconds / 1e9 + 1e-9);
        Assert.True(count > 0);
    }

    [Fact]
    public void WithProcfsForcedTheValuesAgreeWithProcSelf()
    {
        using var events = new EventRecorder();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        var chosen = Assert.Single(events.Named("SourceChosen"), e => e.Payload[0] == "the own process");
        Assert.Equal("procfs", chosen.Payload[1]);
        Assert.Contains("forced by LinuxSource = Procfs", chosen.Payload[2]);
        Workload.Run();

        var (before, after, metrics) = Bracket(provider);
        CheckCommon(before, after, metrics);

        // CPU comes from the same stat file: between the two reads exactly.
        var cpu = metrics.Single(m => m.Name == "process.cpu.time");
        Assert.InRange(cpu.Point(("cpu.mode", "user")).Value, before.UserSeconds - 1e-9, after.UserSeconds + 1e-9);
        Assert.InRange(cpu.Point(("cpu.mode", "system")).Value, before.SystemSeconds - 1e-9, after.SystemSeconds + 1e-9);
        Assert.DoesNotContain(metrics, m => m.Name.StartsWith("kstatotel.process.delay.", StringComparison.Ordinal));
    }

    private (ProcReference Before, ProcReference After, IReadOnlyList<CapturedMetric> Metrics) Bracket(InstrumentedProvider provider)
    {
        var switchesBefore = TestPosix.SelfContextSwitches();
        var before = ProcReference.Read(Environment.ProcessId);
        var metrics = provider.RefreshAndCollect();
        var after = ProcReference.Read(Environment.ProcessId);
        var switchesAfter = TestPosix.SelfContextSwitches();
        foreach (var metric in metrics)
        {
            _output.WriteLine($"{metric.Name}: {string.Join(", ", metric.Points.Select(p => $"[{string.Join(",", p.Attributes.Values)}] {p.Value}"))}");
        }

        // The context switches come from getrusage on both routes (a thread-group taskstats query misses the few
        // switches an exiting thread makes after its exit, and before 6.18 every exited thread's): bracketed exactly.
        var switches = metrics.Single(m => m.Name == "process.context_switches");
        Assert.InRange(switches.Point(("process.context_switch.type", "voluntary")).Value, switchesBefore.Voluntary, switchesAfter.Voluntary);
        Assert.InRange(switches.Point(("process.context_switch.type", "involuntary")).Value, switchesBefore.Involuntary, switchesAfter.Involuntary);
        return (before, after, metrics);
    }

    private static void CheckCommon(ProcReference before, ProcReference after, IReadOnlyList<CapturedMetric> metrics)
    {
        double Single(string name) => metrics.Single(m => m.Name == name).Points.Single().Value;

        var faults = metrics.Single(m => m.Name == "process.paging.faults");
        Assert.InRange(faults.Point(("system.paging.fault.type", "minor")).Value, before.MinorFaults, after.MinorFaults);
        Assert.InRange(faults.Point(("system.paging.fault.type", "major")).Value, before.MajorFaults, after.MajorFaults);
        Assert.True(after.MinorFaults > 8192, "32 MiB of fresh pages were touched");

        var resident = Single("process.memory.usage");
        Assert.InRange(resident, 0.9 * Math.Min(before.ResidentBytes, after.ResidentBytes), 1.1 * Math.Max(before.ResidentBytes, after.ResidentBytes));
        var virtualBytes = Single("process.memory.virtual");
        Assert.InRange(virtualBytes, 0.95 * Math.Min(before.VirtualBytes, after.VirtualBytes), 1.05 * Math.Max(before.VirtualBytes, after.VirtualBytes));
        Assert.True(virtualBytes > resident);

        var io = metrics.Single(m => m.Name == "process.disk.io");
        Assert.InRange(io.Point(("disk.io.direction", "read")).Value, before.ReadBytes!.Value, after.ReadBytes!.Value);
        Assert.InRange(io.Point(("disk.io.direction", "write")).Value, before.WriteBytes!.Value, after.WriteBytes!.Value);

        Assert.InRange(Single("process.thread.count"), Math.Min(before.Threads, after.Threads) - 2, Math.Max(before.Threads, after.Threads) + 2);
        Assert.InRange(Single("process.unix.file_descriptor.count"), Math.Min(before.FileDescriptors, after.FileDescriptors) - 3, Math.Max(before.FileDescriptors, after.FileDescriptors) + 3);
        Assert.InRange(Single("process.uptime"), before.UptimeOfSystem - before.StartSecondsAfterBoot - 1, after.UptimeOfSystem - after.StartSecondsAfterBoot + 1);
    }
}
