using KstatOtel.Testing.Otlp;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The other complete programs of README.md, compiled and run like the quick starts: the EventListener of
/// "Diagnostics and troubleshooting" prints the instrumentation's events, and the views of "Cutting series" remove what
/// they say at an OTLP receiver.
/// </summary>
public class DocumentedProgramTests
{
    [Fact]
    public void TheEventListenerProgramPrintsTheInstrumentationsEvents()
    {
        var blocks = ReadmeDocument.CodeBlocks(ReadmeDocument.Load().Section("Listening"), "csharp");
        var source = Assert.Single(blocks);
        using var program = SnippetProgram.Compile("listener", source);

        var (exitCode, output) = program.Run(new Dictionary<string, string>(), TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.Contains("KstatOtel-Instrumentation InstrumentationStarted Informational: KstatOtel instrumentation started: meter KstatOtel", output, StringComparison.Ordinal);
        Assert.Contains("KstatOtel-Instrumentation SourceChosen Informational: Source of the own process:", output, StringComparison.Ordinal);
        Assert.Contains("KstatOtel-Instrumentation InstrumentationStopped Informational", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCuttingSeriesProgramDropsWhatItSays()
    {
        var blocks = ReadmeDocument.CodeBlocks(ReadmeDocument.Load().Section("Cutting series"), "csharp");
        var source = Assert.Single(blocks);
        using var program = SnippetProgram.Compile("views", source);
        await using var receiver = await OtlpReceiver.StartAsync();

        var metrics = await program.RunUntilAsync(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            },
            () => receiver.WaitUntilAsync(m => m.Any(x => x.Name == "process.cpu.time"), TimeSpan.FromSeconds(60)));

        Assert.DoesNotContain(metrics, m => m.Name == "process.paging.faults");
        Assert.DoesNotContain(metrics, m => m.Name.StartsWith("kstatotel.process.delay.", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Name == "process.memory.usage");
        foreach (var point in metrics.Where(m => m.Name == "kstatotel.cgroup.tasks").SelectMany(m => m.Points))
        {
            Assert.Equal(["kstatotel.cgroup.task.state"], point.Attributes.Keys);
        }
    }
}
