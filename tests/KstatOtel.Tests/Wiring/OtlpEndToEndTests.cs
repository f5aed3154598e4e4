using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Otlp;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Wiring;

/// <summary>
/// The examples exporting OTLP (http/protobuf) to a receiver that decodes with the OpenTelemetry JS project's
/// generated protobuf code: every documented Linux instrument arrives with its name, unit, kind, monotonicity,
/// attributes and plausible values, under the meter's name, version and schema URL.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class OtlpEndToEndTests
{
    private const string DelayTable = "Delay accounting (Linux)";
    private readonly ITestOutputHelper _output;

    public OtlpEndToEndTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task SelfMonitoringDeliversEveryDocumentedInstrument()
    {
        var taskstats = Privileges.HasNetAdmin;
        var documented = ReadmeMetricTables.Read();
        var expected = documented
            .Where(d => d.IsOnLinux && (taskstats || d.Table != DelayTable) && (LinuxFacts.HasCgroupV1Cpu || d.Table != "Cgroup (Linux)"))
            .ToList();

        await using var receiver = await OtlpReceiver.StartAsync();
        using var example = ChildProcess.Start(BuiltPrograms.SelfMonitoring,
            ["--otlp", receiver.Endpoint.ToString(), "--no-view", "--interval-ms", "500", "--duration-s", "4", "--all"]);
        var metrics = await receiver.WaitUntilAsync(
            all => expected.All(e => all.Any(m => m.Name == e.Name && m.Points.Count > 0)), TimeSpan.FromSeconds(60));
        Assert.Equal(0, example.Stop(TimeSpan.FromSeconds(30)));

        var latest = receiver.Metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        foreach (var metric in latest.Values)
        {
            _output.WriteLine($"{metric.Name} ({metric.Kind}, monotonic {metric.IsMonotonic}, {metric.Unit}): {string.Join(", ", metric.Points.Select(p => $"[{string.Join(",", p.Attributes.Select(a => $"{a.Key}={a.Value}"))}] {p.Value}"))}");
        }

        var problems = new List<string>();
        foreach (var row in expected)
        {
            var metric = latest[row.Name];
            problems.AddRange(DocumentedComparison.CompareExported(row, metric));
            if (metric.Scope != new MetricScope("KstatOtel", InstrumentationCore.Version, "https://opentelemetry.io/schemas/1.39.0"))
            {
                problems.Add($"{row.Name}: scope {metric.Scope}");
            }
        }

        foreach (var name in latest.Keys.Where(n => !documented.Any(d => d.Name == n && d.IsOnLinux)))
        {
            problems.Add($"{name}: exported but not documented");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        CheckPlausible(latest, taskstats);
        Assert.All(latest.Values, m => Assert.Equal("kstatotel-selfmonitoring", m.ResourceAttributes["service.name"]));
    }

    [Fact]
    public async Task TheHostedServiceExampleExportsAndDisposesWithTheHost()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var example = ChildProcess.Start(BuiltPrograms.HostedService,
        [
            "--Run:DurationSeconds=3", "--Metrics:ConsoleIntervalMs=1000", "--KstatOtel:RefreshInterval=00:00:00.500",
            "--KstatOtel:Metrics=ProcessCpu, ProcessResources", $"--OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint}",
        ]);
        var metrics = await receiver.WaitUntilAsync(all => all.Any(m => m.Name == "process.uptime"), TimeSpan.FromSeconds(60));
        Assert.Equal(0, example.Stop(TimeSpan.FromSeconds(30)));
        Assert.Equal("host disposed", example.Lines[^1]);
        Assert.Contains(example.Lines, l => l.StartsWith("metric process.cpu.time{cpu.mode=user} ", StringComparison.Ordinal));
        Assert.Equal(
            ["process.cpu.time", "process.thread.count", "process.unix.file_descriptor.count", "process.uptime"],
            metrics.Select(m => m.Name).Distinct().Order());
        Assert.All(metrics, m => Assert.Equal("kstatotel-hostedservice", m.ResourceAttributes["service.name"]));
    }

    private static void CheckPlausible(IReadOnlyDictionary<string, CapturedMetric> latest, bool taskstats)
    {
        double Value(string name, params (string, object)[] attributes) => latest[name].Point(attributes).Value;

        var user = Value("process.cpu.time", ("cpu.mode", "user"));
        var uptime = Value("process.uptime");
        Assert.InRange(uptime, 0.5, 120);
        Assert.InRange(user, 0.05, uptime * Environment.ProcessorCount + 1);
        Assert.InRange(Value("process.cpu.time", ("cpu.mode", "system")), 0, uptime * Environment.ProcessorCount + 1);
        var resident = Value("process.memory.usage");
        Assert.InRange(resident, 10 << 20, 4L << 30);
        Assert.True(Value("process.memory.virtual") > resident);
        Assert.InRange(Value("kstatotel.process.memory.pss"), 1 << 20, resident * 1.1);
        Assert.True(Value("process.disk.io", ("disk.io.direction", "write")) >= 1 << 20, "the workload writes and fsyncs 1 MiB a round");
        Assert.True(Value("process.disk.io", ("disk.io.direction", "read")) >= 0);
        Assert.True(Value("process.context_switches", ("process.context_switch.type", "voluntary")) > 0);
        Assert.True(Value("process.paging.faults", ("system.paging.fault.type", "minor")) > 1000);
        Assert.True(Value("process.paging.faults", ("system.paging.fault.type", "major")) >= 0);
        Assert.InRange(Value("process.thread.count"), 4, 1000);
        Assert.InRange(Value("process.unix.file_descriptor.count"), 3, 10_000);
        Assert.All(latest["kstatotel.snapshot.age"].Points, p => Assert.InRange(p.Value, 0, 5));
        Assert.All(latest["kstatotel.refresh.failures"].Points, p => Assert.Equal(0, p.Value));
        if (taskstats)
        {
            Assert.True(Value("kstatotel.process.delay.count", ("kstatotel.delay.kind", "cpu")) > 0);
            Assert.True(Value("kstatotel.process.delay.time", ("kstatotel.delay.kind", "cpu")) > 0);
            Assert.True(Value("kstatotel.process.delay.max", ("kstatotel.delay.kind", "cpu")) > 0);
        }

        if (latest.TryGetValue("kstatotel.cgroup.tasks", out var tasks))
        {
            Assert.True(tasks.Points.Sum(p => p.Value) >= 1, "the example itself is in its cgroup");
            Assert.All(tasks.Points, p => Assert.StartsWith("/", (string)p.Attribute("kstatotel.cgroup.path")!));
        }

    }
}
