using System.Diagnostics;
using System.Reflection;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Testing;
using KstatOtel.Testing.Otlp;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// examples/ProcessGroups exports OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set: the groups arrive at an independent
/// receiver (the OpenTelemetry JS decoder under Node), with their names, kinds and values.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class ExampleOtlpTests
{
    [Fact]
    public async Task TheExampleExportsItsGroupsOverOtlp()
    {
        var name = PgChild.UniqueName("kso-o");
        using var sleepers = new ChildSet(() => PgChild.Sleep(name), 2);
        await using var receiver = await OtlpReceiver.StartAsync();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ExampleDll(), "--lines", "--interval-ms", "500", "--duration-s", "20", "--group", "sleepers-{Comm}", "--comm", name, "--group", "rest" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString();
        using var example = Process.Start(start)!;
        try
        {
            var group = "sleepers-" + name;
            var metrics = await receiver.WaitUntilAsync(
                all => all.Any(m => m.Name == ProcessGroupInstruments.ProcessCount && m.Points.Any(p => Equals(p.Attribute(Attributes.GroupName), group))),
                TimeSpan.FromSeconds(30));

            var count = metrics.Last(m => m.Name == ProcessGroupInstruments.ProcessCount);
            Assert.False(count.IsMonotonic);
            Assert.Equal("{process}", count.Unit);
            Assert.Equal(2, count.Points.Single(p => p.HasAttributes((Attributes.GroupName, group), (Attributes.ProcessState, "sleeping"))).Value);
            var cpu = metrics.Last(m => m.Name == ProcessGroupInstruments.CpuTime);
            Assert.True(cpu.IsMonotonic);
            Assert.Contains(cpu.Points, p => p.HasAttributes((Attributes.GroupName, "rest"), (Attributes.CpuMode, "user")));
            Assert.Contains(metrics, m => m.Name == ProcessGroupInstruments.ReadErrors);
            Assert.Equal("kstatotel-processgroups", metrics[0].ResourceAttributes["service.name"]);
        }
        finally
        {
            if (!example.HasExited)
            {
                example.Kill();
            }

            example.WaitForExit();
        }
    }

    private static string ExampleDll()
    {
        var configuration = typeof(ExampleOtlpTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        return RepoPaths.Combine("examples", "ProcessGroups", "bin", configuration, "net10.0", "ProcessGroups.dll");
    }

    private static string DotnetHost() => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
