using System.Diagnostics;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Otlp;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// End to end: the SelfMonitoring example runs the illumos path against the stand-in (--kstat-fixture) and exports
/// OTLP/HTTP to a receiver that decodes with the OpenTelemetry JS protobuf code; every illumos host instrument arrives
/// with the README's name, unit, kind, monotonicity and attributes, and counters advance between the frames.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class SelfMonitoringOtlpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryIllumosHostInstrumentArrivesDecoded()
    {
        var rows = ReadmeTable.Read("illumos host");
        var names = rows.Select(r => r.Name).ToHashSet();
        await using var receiver = await OtlpReceiver.StartAsync();
        using var example = StartExample(receiver.Endpoint, string.Join(',', ReadmeTablesTests.EveryHostInstrument()));
        try
        {
            // Two frames: wait until a second export shows frame 1 (sd1's reads wrapped, carried over).
            var metrics = await receiver.WaitUntilAsync(
                all => names.All(n => all.Any(m => m.Name == n))
                    && all.Where(m => m.Name == "system.disk.operations").SelectMany(m => m.Points)
                        .Any(p => p.HasAttributes(("system.device", "sd1"), ("disk.io.direction", "read")) && p.LongValue == 4294967000L + 1296),
                Wait);

            var illumos = metrics.Where(m => names.Contains(m.Name)).ToList();
            ReadmeTablesTests.Compare(rows, created: null, illumos, "system.cpu.time/cpu.logical_number");
            Assert.All(illumos, m =>
            {
                Assert.Equal("KstatOtel", m.Scope.Name);
                Assert.Equal("https://opentelemetry.io/schemas/1.39.0", m.Scope.SchemaUrl);
                Assert.Equal("kstatotel-selfmonitoring", m.ResourceAttributes["service.name"]);
                Assert.False(string.IsNullOrEmpty(m.Description), $"{m.Name} has no description");
                if (m.Kind == MetricKind.Sum)
                {
                    Assert.Equal(MetricTemporality.Cumulative, m.Temporality);
                }
            });

            // Values decoded by the independent decoder: the fixtures' numbers, and counters that advanced.
            // (The first export may already follow the second refresh: frame 0 is not guaranteed to be seen.)
            var userTimes = illumos.Where(m => m.Name == "system.cpu.time").Select(m => m.Point(("cpu.mode", "user")).Value).ToList();
            Assert.All(userTimes, t => Assert.True(Math.Abs(t - 25920) < 1e-6 || Math.Abs(t - 25922) < 1e-6, $"user time {t}"));
            Assert.Equal(userTimes.Order(), userTimes);
            Assert.Equal(25922, userTimes[^1], 1e-6);
            Assert.Equal(6288831664, illumos.Last(m => m.Name == "kstatotel.zfs.arc.size").Points.Single().LongValue);
            Assert.Equal(["net0", "net2"], illumos.Last(m => m.Name == "system.network.io").Points.Select(p => (string)p.Attribute("network.interface.name")!).Distinct().Order());
        }
        finally
        {
            Stop(example);
        }
    }

    [Fact]
    public async Task EveryIllumosOwnProcessInstrumentArrivesDecoded()
    {
        // The own-process module reads an illumos procfs root (here the fixture of a real cron process).
        var rows = ReadmeTable.Read("illumos own process");
        using var fixture = ProcFixture.Create();
        await using var receiver = await OtlpReceiver.StartAsync();
        using (var provider = OpenTelemetry.Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("illumos-process-test"))
            .AddKstatInstrumentation(o =>
            {
                o.ProcfsRoot = fixture.Root;
                o.Metrics = KstatMetricFamilies.Process;
                o.RefreshInterval = TimeSpan.FromHours(1);
            })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = receiver.MetricsEndpoint;
                exporter.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build())
        {
            Assert.True(provider.ForceFlush(10_000));
        }

        var names = rows.Select(r => r.Name).ToHashSet();
        var metrics = await receiver.WaitUntilAsync(all => names.All(n => all.Any(m => m.Name == n)), Wait);
        var process = metrics.Where(m => names.Contains(m.Name)).ToList();
        ReadmeTablesTests.Compare(rows, created: null, process);
        Assert.Equal(1120 * 1024, process.First(m => m.Name == "process.memory.usage").Points.Single().LongValue);
        Assert.Equal(5, process.First(m => m.Name == "process.context_switches").Point(("process.context_switch.type", "voluntary")).LongValue);
    }

    [Fact]
    public void AFixtureTheStandinRefusesIsReportedWithItsCause()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"kstatotel-bad-{Guid.NewGuid():N}.kstat");
        File.WriteAllText(bad, "# constructed: a line without a statistic\nnot-a-kstat-line\n");
        try
        {
            using var example = StartExample(new Uri("http://127.0.0.1:9"), bad);
            Assert.True(example.WaitForExit(60_000), "the example did not exit");
            var error = example.StandardError.ReadToEnd();
            Assert.Equal(3, example.ExitCode);
            Assert.Contains("--kstat-fixture", error, StringComparison.Ordinal);
            Assert.Contains(bad, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private static Process StartExample(Uri otlp, string fixtures)
    {
        var dll = ExamplePath();
        Assert.True(File.Exists(dll), $"The SelfMonitoring example is not built ({dll}); build the solution first.");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[]
        {
            dll, "--kstat-fixture", fixtures, "--kstat-library", Standin.LibraryPath, "--otlp", otlp.ToString(),
            "--interval-ms", "500", "--duration-s", "60", "--no-view",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment.Remove(KstatOtel.Kstat.KstatToken.LibraryPathEnvironmentVariable);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static void Stop(Process example)
    {
        if (!example.HasExited)
        {
            example.Kill(entireProcessTree: true);
            example.WaitForExit(10_000);
        }
    }

    /// <summary>The example's dll built in the same configuration as this test assembly (bin/CONFIG/TFM).</summary>
    private static string ExamplePath()
    {
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent!.Name;
        return RepoPaths.Combine("examples", "SelfMonitoring", "bin", configuration, tfmDirectory.Name, "SelfMonitoring.dll");
    }
}
