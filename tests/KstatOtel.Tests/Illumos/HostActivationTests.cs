using System.Diagnostics.Tracing;
using KstatOtel.Diagnostics;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>AddKstatInstrumentation() turns the host module on where a libkstat is named, and fails soft where it cannot.</summary>
[Collection(IllumosStandinCollection.Name)]
public class HostActivationTests
{
    [Fact]
    public void NamingALibkstatPublishesTheHostThroughAddKstatInstrumentation()
    {
        Standin.Serve(Standin.ConstructedMachine(0));
        using var capture = new MetricCapture();
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o =>
            {
                o.KstatLibraryPath = Standin.LibraryPath;
                o.Metrics = KstatMetricFamilies.Host | KstatMetricFamilies.SelfDiagnostics;
                o.RefreshInterval = TimeSpan.FromHours(1);
            })
            .AddReader(capture.Reader)
            .Build())
        {
            capture.Collect();
            var time = capture.Get("system.cpu.time");
            Assert.Equal("KstatOtel", time.Scope.Name);
            Assert.Equal(25920, time.Point(("cpu.mode", "user")).Value, 1e-6);
            Assert.Equal(0, capture.Get("kstatotel.refresh.failures").Point(("kstatotel.source", "illumos-host")).LongValue);
            Assert.Equal(1, Standin.Counter("handles"));
        }

        // Disposing the provider closed the kstat_ctl_t.
        Assert.Equal(0, Standin.Counter("handles"));
    }

    [Fact]
    public void ALibkstatThatCannotBeOpenedTurnsOnlyTheHostOffWithAnEvent()
    {
        using var listener = new ErrorEvents();
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o =>
            {
                o.KstatLibraryPath = "/nonexistent/libkstat.so.1";
                o.Metrics = KstatMetricFamilies.Host | KstatMetricFamilies.SelfDiagnostics;
            })
            .AddReader(capture.Reader)
            .Build();
        capture.Collect();
        Assert.DoesNotContain(capture.Latest, m => m.Name.StartsWith("system.", StringComparison.Ordinal));
        var unavailable = Assert.Single(listener.Events, e => e.EventId == 51);
        Assert.Contains("KSTATOTEL_LIBKSTAT_PATH", unavailable.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHostIsOffOnLinuxWithoutALibkstat()
    {
        var options = new KstatInstrumentationOptions();
        Assert.Equal(
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KstatOtel.Kstat.KstatToken.LibraryPathEnvironmentVariable)),
            KstatOtel.Illumos.Host.IllumosHostModule.IsPlatformAvailable(options));
        Assert.True(KstatOtel.Illumos.Host.IllumosHostModule.IsPlatformAvailable(new KstatInstrumentationOptions { KstatLibraryPath = "/x" }));
        Assert.False(KstatOtel.Illumos.Host.IllumosHostModule.IsWanted(new KstatInstrumentationOptions { Metrics = KstatMetricFamilies.Process }));
        Assert.True(KstatOtel.Illumos.Host.IllumosHostModule.IsWanted(
            new KstatInstrumentationOptions { Metrics = KstatMetricFamilies.None }.AddKstat("a:0:b:c", "n", "1", KstatInstrumentKind.Gauge)));
    }

    private sealed class ErrorEvents : EventListener
    {
        public List<EventWrittenEventArgs> Events { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == KstatOtelEventSource.EventSourceName)
            {
                EnableEvents(eventSource, EventLevel.Error);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            lock (Events)
            {
                Events.Add(eventData);
            }
        }
    }
}
