using System.Diagnostics;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Otlp;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The README's quick starts, taken from README.md as they are written, compiled as a new console app's Program.cs
/// against the real KstatOtel, OpenTelemetry and OTLP exporter assemblies, and run in processes of their own: their
/// metrics must arrive at an OTLP receiver that decodes them independently (OpenTelemetry JS's protobuf code).
/// The exporter is pointed at it the way a user would, with the OTEL_EXPORTER_OTLP_* variables.
/// </summary>
public class QuickStartTests
{
    private const string QuickStart = "Quick start";

    [Fact]
    public async Task SdkCreateMeterProviderBuilderQuickStartRunsAndExports()
    {
        var source = Snippet("`Sdk.CreateMeterProviderBuilder()`");
        Assert.Contains(".AddKstatInstrumentation()", source);
        using var program = SnippetProgram.Compile("sdk-builder", source);
        await using var receiver = await OtlpReceiver.StartAsync();

        var metrics = await program.RunUntilAsync(OtlpEnvironment(receiver), () => receiver.WaitUntilAsync(HasOwnProcessCpu, TimeSpan.FromSeconds(60)));

        AssertFromKstatOtel(metrics);
    }

    [Fact]
    public async Task OpenTelemetrySdkCreateQuickStartRunsAndExports()
    {
        var source = Snippet("`OpenTelemetrySdk.Create(...)`");
        Assert.Contains("OpenTelemetrySdk.Create(", source);
        using var program = SnippetProgram.Compile("sdk-create", source);
        await using var receiver = await OtlpReceiver.StartAsync();

        var metrics = await program.RunUntilAsync(OtlpEnvironment(receiver), () => receiver.WaitUntilAsync(HasOwnProcessCpu, TimeSpan.FromSeconds(60)));

        AssertFromKstatOtel(metrics);

        // What the snippet configures: its service name, and the families it leaves out.
        Assert.All(metrics, m => Assert.Equal("checkout", m.ResourceAttributes["service.name"]));
        Assert.DoesNotContain(metrics, m => m.Name == "kstatotel.cgroup.tasks");
        Assert.Contains(metrics, m => m.Name == "process.memory.usage");
    }

    /// <summary>
    /// The hosted form needs OpenTelemetry.Extensions.Hosting, which is not on the package registry here: it is
    /// compiled with the HostedService example's stand-in for <c>AddOpenTelemetry()</c> (same signature, same
    /// registrations), run as a generic host configured from environment variables, and stopped with SIGTERM.
    /// </summary>
    [Fact]
    public async Task HostedQuickStartRunsWithTheExamplesAddOpenTelemetry()
    {
        var source = Snippet("`services.AddOpenTelemetry()");
        Assert.Contains("AddOpenTelemetry()", source);
        var standIn = RepoPaths.Combine("examples", "HostedService", "OpenTelemetryHostingExtensions.cs");
        var standInUsing = Path.Combine(Path.GetTempPath(), $"kstatotel-standin-using-{Guid.NewGuid():N}.cs");
        File.WriteAllText(standInUsing, "global using HostedService;\n");
        try
        {
            using var program = SnippetProgram.Compile("hosted", source, standIn, standInUsing);
            await using var receiver = await OtlpReceiver.StartAsync();
            var environment = new Dictionary<string, string>(OtlpEnvironment(receiver))
            {
                ["KstatOtel__Metrics"] = "ProcessCpu, ProcessMemory",
                ["KstatOtel__RefreshInterval"] = "00:00:00.500",
            };
            using var host = program.Start(environment);
            var stdout = host.StandardOutput.ReadToEndAsync();
            var stderr = host.StandardError.ReadToEndAsync();
            try
            {
                var metrics = await receiver.WaitUntilAsync(HasOwnProcessCpu, TimeSpan.FromSeconds(60));
                AssertFromKstatOtel(metrics);
                Assert.Equal(["process.cpu.time", "process.memory.usage", "process.memory.virtual"], metrics.Select(m => m.Name).Distinct().Order());
            }
            finally
            {
                Terminate(host);
            }

            Assert.True(host.WaitForExit(TimeSpan.FromSeconds(30)), "the host did not stop on SIGTERM");
            Assert.True(host.ExitCode == 0, $"exit code {host.ExitCode}:\n{await stdout}{await stderr}");
        }
        finally
        {
            File.Delete(standInUsing);
        }
    }

    [Fact]
    public void EachQuickStartIsAboutTenLines()
    {
        foreach (var heading in new[] { "`Sdk.CreateMeterProviderBuilder()`", "`OpenTelemetrySdk.Create(...)`", "`services.AddOpenTelemetry()" })
        {
            var lines = Snippet(heading).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.True(lines is >= 5 and <= 16, $"the quick start under '{heading}' has {lines} lines");
        }
    }

    private static string Snippet(string heading)
    {
        var section = ReadmeDocument.Load().Section(QuickStart);
        var sub = ReadmeDocument.Parse(string.Join('\n', section)).Section(heading);
        var blocks = ReadmeDocument.CodeBlocks(sub, "csharp");
        Assert.True(blocks.Count == 1, $"README.md, '{QuickStart}' > '{heading}': expected one csharp block, found {blocks.Count}");
        return blocks[0];
    }

    private static Dictionary<string, string> OtlpEnvironment(OtlpReceiver receiver) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    private static bool HasOwnProcessCpu(IReadOnlyList<CapturedMetric> metrics) =>
        metrics.Any(m => m.Name == "process.cpu.time" && m.Points.Count == 2);

    private static void AssertFromKstatOtel(IReadOnlyList<CapturedMetric> metrics)
    {
        var cpu = metrics.Last(m => m.Name == "process.cpu.time");
        Assert.Equal(new MetricScope("KstatOtel", InstrumentationCore.Version, InstrumentationCore.SchemaUrl), cpu.Scope);
        Assert.Equal(["system", "user"], cpu.Points.Select(p => (string)p.Attribute("cpu.mode")!).Order());
        Assert.True(cpu.Points.Sum(p => p.Value) > 0, "the program used no CPU time?");
    }

    private static void Terminate(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
