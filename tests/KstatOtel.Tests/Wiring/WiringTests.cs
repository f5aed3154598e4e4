using System.Text;
using HostedService;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Wiring;

/// <summary>
/// AddKstatInstrumentation() wired the three ways OpenTelemetry users do it, with options from code, from the service
/// collection and from configuration.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class WiringTests
{
    [Fact]
    public void SdkCreateMeterProviderBuilder()
    {
        using var capture = new MetricCapture();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromSeconds(30))
            .AddReader(capture.Reader)
            .Build();
        try
        {
            Assert.Equal(TimeSpan.FromSeconds(30), KstatInstrumentation.Running!.Options.RefreshInterval);
            Assert.NotEmpty(capture.Collect().Single(m => m.Name == "process.cpu.time").Points);
        }
        finally
        {
            provider.Dispose();
        }

        Assert.Null(KstatInstrumentation.Running);
    }

    [Fact]
    public void OpenTelemetrySdkCreateWithMetrics()
    {
        using var capture = new MetricCapture();
        var sdk = OpenTelemetrySdk.Create(otel => otel.WithMetrics(metrics => metrics
            .AddKstatInstrumentation(o => o.Metrics = KstatMetricFamilies.ProcessMemory)
            .AddReader(capture.Reader)));
        try
        {
            Assert.Equal(["process.memory.usage", "process.memory.virtual"], capture.Collect().Select(m => m.Name).Order());
        }
        finally
        {
            sdk.Dispose();
        }

        Assert.Null(KstatInstrumentation.Running);
    }

    [Fact]
    public void OptionsBoundFromConfigurationThroughTheServiceCollection()
    {
        const string Json = """
            { "KstatOtel": { "RefreshInterval": "00:00:00.250", "Metrics": "ProcessCpu, ProcessMemory", "LinuxSource": "Procfs", "IncludeProportionalSetSize": true } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        using var capture = new MetricCapture();
        using (OpenTelemetrySdk.Create(otel =>
        {
            otel.Services.Configure<KstatInstrumentationOptions>(configuration.GetSection("KstatOtel"));
            otel.WithMetrics(metrics => metrics.AddKstatInstrumentation().AddReader(capture.Reader));
        }))
        {
            var options = KstatInstrumentation.Running!.Options;
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.RefreshInterval);
            Assert.Equal(KstatMetricFamilies.ProcessCpu | KstatMetricFamilies.ProcessMemory, options.Metrics);
            Assert.Equal(LinuxProcessSource.Procfs, options.LinuxSource);
            Assert.True(options.IncludeProportionalSetSize);
            Assert.Equal(
                ["kstatotel.process.memory.pss", "process.cpu.time", "process.memory.usage", "process.memory.virtual"],
                capture.Collect().Select(m => m.Name).Order());
        }
    }

    [Fact]
    public void TheDelegateIsAppliedAfterTheOptionsOfTheServiceCollection()
    {
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.Configure<KstatInstrumentationOptions>(o =>
            {
                o.Metrics = KstatMetricFamilies.ProcessCpu;
                o.RefreshInterval = TimeSpan.FromSeconds(2);
            }))
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromSeconds(3))
            .AddReader(capture.Reader)
            .Build();
        var options = KstatInstrumentation.Running!.Options;
        Assert.Equal(KstatMetricFamilies.ProcessCpu, options.Metrics);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RefreshInterval);
    }

    [Fact]
    public void OptionsConfiguredFromOtherServicesAreResolvedWhenTheProviderIsBuilt()
    {
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(new ChosenFamilies(KstatMetricFamilies.ProcessResources));
                services.AddSingleton<IConfigureOptions<KstatInstrumentationOptions>>(sp =>
                    new ConfigureOptions<KstatInstrumentationOptions>(o => o.Metrics = sp.GetRequiredService<ChosenFamilies>().Families));
            })
            .AddKstatInstrumentation()
            .AddReader(capture.Reader)
            .Build();
        Assert.Equal(KstatMetricFamilies.ProcessResources, KstatInstrumentation.Running!.Options.Metrics);
        Assert.Contains(capture.Collect(), m => m.Name == "process.thread.count");
    }

    [Fact]
    public void InvalidOptionsFailTheBuildNamingTheOptionAndLeaveNothingRunning()
    {
        var builder = Sdk.CreateMeterProviderBuilder().AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.Zero);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build());
        Assert.Equal("RefreshInterval", error.ParamName);
        Assert.Null(KstatInstrumentation.Running);
    }

    [Fact]
    public async Task GenericHostOwnsTheMeterProviderAndDisposesItWithTheHost()
    {
        using var capture = new MetricCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KstatOtel:RefreshInterval"] = "00:00:00.100",
            ["KstatOtel:Metrics"] = "ProcessCpu, ProcessPaging, SelfDiagnostics",
        });
        builder.Services.Configure<KstatInstrumentationOptions>(builder.Configuration.GetSection("KstatOtel"));

        // Exactly what a user of OpenTelemetry.Extensions.Hosting writes (the example's AddOpenTelemetry()).
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddKstatInstrumentation().AddReader(capture.Reader));

        InstrumentationCore core;
        using (var host = builder.Build())
        {
            Assert.Null(KstatInstrumentation.Running); // built when the host starts, not before
            await host.StartAsync();
            core = KstatInstrumentation.Running!;
            Assert.Equal(TimeSpan.FromMilliseconds(100), core.Options.RefreshInterval);
            Assert.Same(host.Services.GetRequiredService<MeterProvider>(), host.Services.GetRequiredService<MeterProvider>());
            Assert.Equal(
                ["kstatotel.refresh.failures", "kstatotel.snapshot.age", "process.cpu.time", "process.paging.faults"],
                capture.Collect().Select(m => m.Name).Order());
            await host.StopAsync();
            Assert.NotNull(KstatInstrumentation.Running); // stopping keeps the container; disposing ends it
        }

        Assert.Null(KstatInstrumentation.Running);
        var refreshes = core.RefreshCount;
        await Task.Delay(300);
        Assert.Equal(refreshes, core.RefreshCount);
    }

    private sealed record ChosenFamilies(KstatMetricFamilies Families);
}
