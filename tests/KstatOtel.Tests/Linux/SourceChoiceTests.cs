using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Otlp;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Linux;

/// <summary>Which source serves the own process, why, and what a process without CAP_NET_ADMIN still publishes.</summary>
[Collection(InstrumentationCollection.Name)]
public class SourceChoiceTests
{
    private const string DelayTable = "Delay accounting (Linux)";
    private readonly ITestOutputHelper _output;

    public SourceChoiceTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void AutomaticChoosesTaskstatsWhenAQuerySucceeds()
    {
        Privileges.RequireNetAdmin();
        using var events = new EventRecorder();
        using var provider = InstrumentedProvider.Start(o => o.RefreshInterval = TimeSpan.FromHours(1));
        var chosen = Assert.Single(events.Named("SourceChosen"), e => e.Payload[0] == "the own process");
        Assert.Equal("taskstats + procfs", chosen.Payload[1]);
        Assert.Contains("CAP_NET_ADMIN is held", chosen.Payload[2]);
        Assert.Empty(events.Named("PrivilegeMissing"));
        Assert.Contains(provider.Core.Instruments, i => i.Name == "kstatotel.process.delay.time");
    }

    [SkippableFact]
    public async Task WithoutCapNetAdminAChildChoosesProcfsAndExportsEveryOtherMetric()
    {
        Privileges.RequireRoot();
        Privileges.RequireSetpriv();
        await using var receiver = await OtlpReceiver.StartAsync();
        using var child = ChildProcess.Start(BuiltPrograms.InstrumentedChild,
            ["--otlp", receiver.Endpoint.ToString(), "--metrics", "All", "--pss", "--burn-ms", "300"], unprivileged: true);
        var pid = child.WaitReady();
        var before = ProcReference.Read(pid);
        child.Flush();
        var after = ProcReference.Read(pid);
        var metrics = await receiver.WaitUntilAsync(all => all.Any(m => m.Name == "process.cpu.time"), TimeSpan.FromSeconds(30));
        Assert.Equal(0, child.Stop());
        Log(child, metrics);

        var chosen = Assert.Single(child.Events, e => e.Name == "SourceChosen" && e.Payload[0] == "the own process");
        Assert.Equal("procfs", chosen.Payload[1]);
        Assert.Contains("EPERM", chosen.Payload[2]);
        Assert.Contains("setcap cap_net_admin+ep", chosen.Payload[2]);
        Assert.DoesNotContain(child.Events, e => e.Name == "PrivilegeMissing");

        // SourceChosen is informational; the warning (MetricUnavailable) a user sees for the missing delay metrics carries the fix itself.
        var delays = Assert.Single(child.Events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "kstatotel.process.delay.*");
        Assert.Contains("EPERM", delays.Payload[1]);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN", delays.Payload[1]);

        var documented = ReadmeMetricTables.Read();
        var expected = documented.Where(d => d.IsOnLinux && d.Table != DelayTable && (LinuxFacts.HasCgroupV1Cpu || d.Table != "Cgroup (Linux)")).ToList();
        var problems = new List<string>();
        foreach (var row in expected)
        {
            var metric = metrics.LastOrDefault(m => m.Name == row.Name);
            if (metric is null)
            {
                problems.Add($"{row.Name}: not exported");
                continue;
            }

            problems.AddRange(DocumentedComparison.CompareExported(row, metric));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.DoesNotContain(metrics, m => m.Name.StartsWith("kstatotel.process.delay.", StringComparison.Ordinal));

        // The values are the child's: between what its /proc said before and after the export.
        double Value(string name, params (string, object)[] attributes) => metrics.Last(m => m.Name == name).Point(attributes).Value;
        Assert.InRange(Value("process.cpu.time", ("cpu.mode", "user")), 0.3 - 0.02, after.UserSeconds + 1e-9);
        Assert.InRange(Value("process.cpu.time", ("cpu.mode", "user")), before.UserSeconds - 0.2, after.UserSeconds + 1e-9);
        Assert.InRange(Value("process.paging.faults", ("system.paging.fault.type", "minor")), before.MinorFaults * 0.9, after.MinorFaults);
        Assert.InRange(Value("process.memory.usage"), 0.8 * before.ResidentBytes, 1.2 * after.ResidentBytes);
        Assert.InRange(Value("process.thread.count"), Math.Min(before.Threads, after.Threads) - 2, Math.Max(before.Threads, after.Threads) + 2);
        Assert.InRange(Value("process.unix.file_descriptor.count"), Math.Min(before.FileDescriptors, after.FileDescriptors) - 3, Math.Max(before.FileDescriptors, after.FileDescriptors) + 3);
        Assert.True(Value("process.context_switches", ("process.context_switch.type", "voluntary")) > 0);
    }

    [SkippableFact]
    public async Task AChildForcingTaskstatsWithoutTheCapabilityReportsTheFixAndKeepsProcfsMetrics()
    {
        Privileges.RequireRoot();
        Privileges.RequireSetpriv();
        await using var receiver = await OtlpReceiver.StartAsync();
        using var child = ChildProcess.Start(BuiltPrograms.InstrumentedChild,
            ["--otlp", receiver.Endpoint.ToString(), "--source", "taskstats"], unprivileged: true);
        child.WaitReady();
        child.Flush();
        var metrics = await receiver.WaitUntilAsync(all => all.Any(m => m.Name == "process.memory.usage"), TimeSpan.FromSeconds(30));
        Assert.Equal(0, child.Stop());
        Log(child, metrics);

        var missing = Assert.Single(child.Events, e => e.Name == "PrivilegeMissing");
        var text = string.Join(" ", missing.Payload);
        Assert.Contains("EPERM", text);
        Assert.Contains("CAP_NET_ADMIN", text);
        Assert.Contains("setcap cap_net_admin+ep", text);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN", text);
        Assert.Contains("--cap-add NET_ADMIN", text);
        Assert.Contains(child.Events, e => e.Name == "SourceChosen" && e.Payload[1] == "procfs");
        foreach (var name in new[] { "process.cpu.time", "process.memory.usage", "process.paging.faults", "process.context_switches", "process.thread.count" })
        {
            Assert.Contains(metrics, m => m.Name == name && m.Points.Count > 0);
        }

        Assert.Equal(0, metrics.Last(m => m.Name == "kstatotel.refresh.failures").Points.Sum(p => p.Value));
    }

    [Fact]
    public void ProcfsForcedSaysWhyAndThatDelayAccountingIsUnavailable()
    {
        using var events = new EventRecorder();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        Assert.Contains(events.Named("SourceChosen"), e => e.Payload[1] == "procfs" && e.Payload[2].Contains("forced by LinuxSource = Procfs", StringComparison.Ordinal));
        Assert.Contains(events.Named("MetricUnavailable"), e => e.Payload[0] == "kstatotel.process.delay.*" && e.Payload[1].Contains("LinuxSource = Procfs", StringComparison.Ordinal));
        Assert.Empty(events.Named("DelayAccountingOff"));
    }

    private void Log(ChildProcess child, IReadOnlyList<CapturedMetric> metrics)
    {
        foreach (var line in child.Lines)
        {
            _output.WriteLine(line);
        }

        foreach (var metric in metrics.GroupBy(m => m.Name).Select(g => g.Last()))
        {
            _output.WriteLine($"{metric.Name}: {string.Join(", ", metric.Points.Select(p => $"[{string.Join(",", p.Attributes.Values)}] {p.Value}"))}");
        }
    }
}
