using System.Globalization;
using KstatOtel.Taskstats;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Otlp;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Linux;

/// <summary>
/// Delay accounting, with kernel.task_delayacct switched by the test (and restored after): on, in an instrumented
/// child started afterwards that reads with O_DIRECT; off, in this process.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class DelayAccountingTests
{
    private static readonly string[] AllKinds = ["cpu", "blkio", "swapin", "freepages", "thrashing", "compact", "wpcopy", "irq"];
    private readonly ITestOutputHelper _output;

    public DelayAccountingTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public async Task WithDelayAccountingOnAChildStartedAfterwardsPublishesEveryKindAndItsBlockIoDelay()
    {
        Privileges.RequireNetAdmin();
        Privileges.RequireRoot(); // writing the sysctl needs CAP_SYS_ADMIN
        Skip.IfNot(LinuxFacts.HasDelayAccountingSysctl, "needs kernel.task_delayacct (Linux 5.14 or later)");
        var saved = LinuxFacts.ReadDelayAccounting();
        var file = Path.Combine(AppContext.BaseDirectory, $"kstatotel-direct-{Guid.NewGuid():N}.bin"); // on a disk, not tmpfs
        try
        {
            LinuxFacts.WriteDelayAccounting("1");
            await using var receiver = await OtlpReceiver.StartAsync();
            using var child = ChildProcess.Start(BuiltPrograms.InstrumentedChild,
            [
                "--otlp", receiver.Endpoint.ToString(), "--metrics", "All", "--refresh-ms", "200",
                "--direct-read", file, (4 << 20).ToString(CultureInfo.InvariantCulture),
            ]);
            var pid = child.WaitReady();
            child.Flush();
            var metrics = await receiver.WaitUntilAsync(
                all => all.Any(m => m.Name == "kstatotel.process.delay.max"), TimeSpan.FromSeconds(30));
            using var client = TaskstatsClient.Open();
            var direct = client.ThreadGroup(pid);
            Assert.Equal(0, child.Stop());

            Assert.DoesNotContain(child.Events, e => e.Name == "DelayAccountingOff");
            var time = metrics.Last(m => m.Name == "kstatotel.process.delay.time");
            var count = metrics.Last(m => m.Name == "kstatotel.process.delay.count");
            var max = metrics.Last(m => m.Name == "kstatotel.process.delay.max");
            foreach (var metric in new[] { time, count, max })
            {
                _output.WriteLine($"{metric.Name}: {string.Join(", ", metric.Points.Select(p => $"{p.Attribute("kstatotel.delay.kind")}={p.Value}"))}");
                Assert.Equal(AllKinds.Order(), metric.Points.Select(p => (string)p.Attribute("kstatotel.delay.kind")!).Order());
            }

            var blkioCount = count.Point(("kstatotel.delay.kind", "blkio")).Value;
            Assert.True(blkioCount >= 256, $"1024 reads of 4 KiB with O_DIRECT each wait for the device; {blkioCount} block I/O delays counted");
            Assert.True(time.Point(("kstatotel.delay.kind", "blkio")).Value > 0);
            Assert.True(max.Point(("kstatotel.delay.kind", "blkio")).Value > 0);
            Assert.InRange(blkioCount, 1, direct.BlockIoDelay!.Value.Count);
            Assert.True(max.Point(("kstatotel.delay.kind", "blkio")).Value <= time.Point(("kstatotel.delay.kind", "blkio")).Value + 1e-9,
                "no single delay exceeds the total of its kind");
        }
        finally
        {
            LinuxFacts.WriteDelayAccounting(saved);
            File.Delete(file);
        }

        Assert.Equal(saved, LinuxFacts.ReadDelayAccounting());
    }

    [SkippableFact]
    public void WithDelayAccountingOffTheDiagnosticFiresOnceAndUnfilledKindsAreNotPublished()
    {
        Privileges.RequireNetAdmin();
        Privileges.RequireRoot();
        Skip.IfNot(LinuxFacts.HasDelayAccountingSysctl, "needs kernel.task_delayacct (Linux 5.14 or later)");
        var saved = LinuxFacts.ReadDelayAccounting();
        try
        {
            LinuxFacts.WriteDelayAccounting("0");
            using var events = new EventRecorder();
            using var provider = InstrumentedProvider.Start(o =>
            {
                o.Metrics = KstatMetricFamilies.All;
                o.RefreshInterval = TimeSpan.FromHours(1);
            });
            var metrics = provider.RefreshAndCollect();
            provider.RefreshAndCollect();
            using var client = TaskstatsClient.Open();
            var direct = client.Self();

            var off = Assert.Single(events.Named("DelayAccountingOff"));
            Assert.Equal(System.Diagnostics.Tracing.EventLevel.Warning, off.Level);
            Assert.Contains("sysctl -w kernel.task_delayacct=1", off.Text);
            Assert.Contains("started afterwards", off.Text);

            foreach (var name in new[] { "kstatotel.process.delay.time", "kstatotel.process.delay.count", "kstatotel.process.delay.max" })
            {
                var metric = metrics.Single(m => m.Name == name);
                var kinds = metric.Points.Select(p => (string)p.Attribute("kstatotel.delay.kind")!).ToList();
                Assert.Contains("cpu", kinds);
                foreach (var kind in AllKinds.Skip(1))
                {
                    // Published only once the kernel counted delays of that kind (this process may have some from
                    // another test's window with the sysctl on); never a 0 the kernel did not fill.
                    var counted = direct.GetDelay((TaskDelayKind)Array.IndexOf(AllKinds, kind))!.Value.Count;
                    if (counted == 0)
                    {
                        Assert.DoesNotContain(kind, kinds);
                    }
                }
            }
        }
        finally
        {
            LinuxFacts.WriteDelayAccounting(saved);
        }
    }
}
