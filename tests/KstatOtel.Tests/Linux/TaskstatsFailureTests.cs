using System.Globalization;
using KstatOtel.Linux;
using KstatOtel.Taskstats;
using KstatOtel.Taskstats.Netlink;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Tests.Linux.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Linux;

/// <summary>
/// A taskstats query that fails keeps only what comes from taskstats (CPU times, delays) at its last values: the procfs
/// values go on being refreshed, the failure is counted, and the next good query brings the CPU times back.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public sealed class TaskstatsFailureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"kstatotel-procfs-{Guid.NewGuid():N}");
    private readonly string _stat;

    public TaskstatsFailureTests()
    {
        var self = Path.Combine(_root, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(self, "fd"));
        _stat = Path.Combine(self, "stat");
        File.WriteAllText(_stat, File.ReadAllText("/proc/self/stat"));
        File.WriteAllText(Path.Combine(self, "io"), File.ReadAllText("/proc/self/io"));
    }

    [SkippableFact]
    public void AFailedQueryKeepsTheCpuTimesButRefreshesTheProcfsValues()
    {
        Privileges.RequireNetAdmin();
        var transport = new SwitchableTransport(NetlinkSocketTransport.Open(TaskstatsClient.ReplyTimeout));
        var client = TaskstatsClient.Open(() => transport, static _ => throw new NotSupportedException("no listener in this test"));
        var options = new KstatInstrumentationOptions
        {
            ProcfsRoot = _root,
            Metrics = KstatMetricFamilies.ProcessCpu | KstatMetricFamilies.ProcessPaging | KstatMetricFamilies.SelfDiagnostics,
            RefreshInterval = TimeSpan.FromHours(1),
        };
        var module = LinuxProcessModule.TryCreate(options, client)!;
        Assert.True(module.UsesTaskstats);
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [module], meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();
        using var events = new EventRecorder();

        var good = RefreshAndCollect(core, capture);
        var cpu = Cpu(good);

        // The query now fails (as a socket error would); meanwhile the process burns CPU and procfs reports new faults.
        transport.Failing = true;
        Workload.Burn(100);
        var minor = SetMinorFaults(4242);
        var failed = RefreshAndCollect(core, capture);

        Assert.Equal(cpu, Cpu(failed));
        Assert.Equal(minor, Value(failed, "process.paging.faults", ("system.paging.fault.type", "minor")));
        Assert.Equal(1, Value(failed, "kstatotel.refresh.failures", ("kstatotel.source", "linux-process")));
        var failure = Assert.Single(events.Named("RefreshFailed"));
        Assert.Contains("the procfs values were refreshed", failure.Payload[1]);
        Assert.Contains("Network is down (errno 100)", failure.Payload[1]); // the cause

        // The next good query publishes the CPU time used meanwhile.
        transport.Failing = false;
        var recovered = RefreshAndCollect(core, capture);
        Assert.True(Cpu(recovered) > cpu + 0.01, $"CPU time {Cpu(recovered)} s after the recovery, {cpu} s before the 100 ms burn");
        Assert.Single(events.Named("RefreshRecovered"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IReadOnlyList<CapturedMetric> RefreshAndCollect(InstrumentationCore core, MetricCapture capture)
    {
        core.RefreshNow();
        return capture.Collect();
    }

    private static double Cpu(IReadOnlyList<CapturedMetric> metrics) =>
        Value(metrics, "process.cpu.time", ("cpu.mode", "user")) + Value(metrics, "process.cpu.time", ("cpu.mode", "system"));

    private static double Value(IReadOnlyList<CapturedMetric> metrics, string name, params (string, object)[] attributes) =>
        metrics.Single(m => m.Name == name).Point(attributes).Value;

    private long SetMinorFaults(long minor)
    {
        var original = File.ReadAllText(_stat);
        var offset = original.LastIndexOf(')') + 2;
        var fields = original[offset..].Split(' ');
        fields[10 - 3] = minor.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(_stat, original[..offset] + string.Join(' ', fields));
        return minor;
    }

    /// <summary>The real netlink socket, whose sends fail with ENETDOWN while <see cref="Failing"/> is set.</summary>
    private sealed class SwitchableTransport(INetlinkTransport inner) : INetlinkTransport
    {
        private const int ENETDOWN = 100;

        public volatile bool Failing;

        public uint PortId => inner.PortId;

        public int Send(ReadOnlySpan<byte> datagram) => Failing ? -ENETDOWN : inner.Send(datagram);

        public int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId) => inner.Receive(buffer, nonBlocking, out senderPortId);

        public bool WaitReadable(int timeoutMilliseconds) => inner.WaitReadable(timeoutMilliseconds);

        public void Interrupt() => inner.Interrupt();

        public void Dispose() => inner.Dispose();
    }
}
