using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Wiring;

/// <summary>Disposing the MeterProvider stops the refresh thread and releases every descriptor the instrumentation opened.</summary>
[Collection(InstrumentationCollection.Name)]
public class DisposalTests
{
    [Theory]
    [InlineData(LinuxProcessSource.Automatic)]
    [InlineData(LinuxProcessSource.Procfs)]
    public void DisposingTheProviderReleasesEveryDescriptorAndStopsTheThread(LinuxProcessSource source)
    {
        // Once before counting, so that the assemblies the runtime loads (and keeps open) are loaded already.
        Sdk.CreateMeterProviderBuilder().AddKstatInstrumentation(o => o.LinuxSource = source).Build().Dispose();
        var before = OpenDescriptors();
        using var capture = new MetricCapture();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o =>
            {
                o.LinuxSource = source;
                o.Metrics = KstatMetricFamilies.All;
                o.IncludeProportionalSetSize = true;
                o.RefreshInterval = TimeSpan.FromMilliseconds(10);
            })
            .AddReader(capture.Reader)
            .Build();
        var core = KstatInstrumentation.Running!;
        capture.Collect();
        var running = OpenDescriptors();
        Assert.True(RefreshThreads() == 1, "one refresh thread while running");

        provider.Dispose();

        var opened = running.Except(before).Where(d => !d.Target.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        var self = $"/proc/{Environment.ProcessId}/";
        Assert.Contains(opened, d => d.Target == self + "stat");
        Assert.Contains(opened, d => d.Target == self + "io");
        Assert.Contains(opened, d => d.Target == self + "smaps_rollup");
        Assert.Contains(opened, d => d.Target == self + "fd");
        Assert.Contains(opened, d => d.Target.StartsWith("socket:", StringComparison.Ordinal)); // the cgroupstats client at least
        if (LinuxFacts.HasCgroupV1Cpu)
        {
            Assert.Contains(opened, d => d.Target.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal)); // the kept-open cgroup directory
        }

        if (source == LinuxProcessSource.Automatic && Privileges.HasNetAdmin)
        {
            Assert.Contains(opened, d => d.Target == self + "task"); // the per-thread delay maximum
            Assert.True(opened.Count(d => d.Target.StartsWith("socket:", StringComparison.Ordinal)) >= 2, "the taskstats and cgroupstats clients");
        }

        var after = OpenDescriptors();
        var leaked = opened.Intersect(after).ToList();
        Assert.True(leaked.Count == 0, $"still open after Dispose: {string.Join(", ", leaked)}");
        Assert.Null(KstatInstrumentation.Running);
        Assert.Equal(0, RefreshThreads());
        var refreshes = core.RefreshCount;
        Thread.Sleep(100);
        Assert.Equal(refreshes, core.RefreshCount);
        core.RefreshNow(); // after disposal: a no-op, no exception
        Assert.Equal(refreshes, core.RefreshCount);
    }

    [Fact]
    public void TheFinalExportOfADisposedProviderStillCarriesTheLastValues()
    {
        // The SDK disposes instrumentations before its readers make their final collection: the instruments must
        // outlive the instrumentation's native handles long enough for that collection.
        using var capture = new MetricCapture();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromHours(1))
            .AddReader(capture.Reader)
            .Build();
        Assert.Empty(capture.Exports);

        provider.Dispose();

        var final = Assert.Single(capture.Exports);
        var cpu = Assert.Single(final, m => m.Name == "process.cpu.time");
        Assert.Contains(cpu.Points, p => p.Value > 0);
        Assert.Contains(final, m => m.Name == "process.memory.usage");

        // A provider built afterwards sees one set of instruments, not the stopped core's as well.
        using var again = new MetricCapture();
        using (Sdk.CreateMeterProviderBuilder().AddKstatInstrumentation().AddReader(again.Reader).Build())
        {
            var metrics = again.Collect();
            Assert.Single(metrics, m => m.Name == "process.cpu.time");
            Assert.Equal(2, metrics.Single(m => m.Name == "process.cpu.time").Points.Count);
        }

        // After the grace period (here: forced) nothing of KstatOtel is left for any listener.
        KstatInstrumentation.RetireNow();
        var published = new List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == InstrumentationCore.MeterName)
                {
                    published.Add(instrument.Name);
                }
            },
        };
        listener.Start();
        Assert.Empty(published);
    }

    /// <summary>Every descriptor of this process with what it points to.</summary>
    private static HashSet<Descriptor> OpenDescriptors()
    {
        var result = new HashSet<Descriptor>();
        foreach (var path in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                var target = new FileInfo(path).LinkTarget;
                if (target is not null)
                {
                    result.Add(new Descriptor(int.Parse(Path.GetFileName(path), System.Globalization.CultureInfo.InvariantCulture), target));
                }
            }
            catch (IOException)
            {
                // Closed while listing (the listing's own descriptor).
            }
        }

        return result;
    }

    /// <summary>Threads named after the refresh thread ("KstatOtel refresh", truncated to 15 bytes by the kernel).</summary>
    private static int RefreshThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(task =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("KstatOtel refr", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private readonly record struct Descriptor(int Fd, string Target);
}
