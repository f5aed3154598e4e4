using System.Diagnostics.Metrics;
using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.Snapshots;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.Core;

/// <summary>
/// The instruments of a stopped core stay for the providers' final collection, but never beside those of a new core:
/// a provider built while the last one is still being disposed (its refresh waited for, its handles closed) finds the
/// old instruments gone, so one set only ever lives under the meter's name.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class RetirementTests
{
    private const string Marker = "kstatotel.test.marker";

    [Fact]
    public void ACoreStartedWhileTheLastOneStopsNeverPublishesBesideIt()
    {
        KstatInstrumentation.RetireNow();
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromHours(1), Metrics = KstatMetricFamilies.ProcessCpu };
        using var disposing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = KstatInstrumentation.Acquire(options, _ => [new MarkerModule(1, () =>
        {
            disposing.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        })]);
        Assert.Equal([1L], Observe());

        // The last provider goes: its module is still releasing its handles when the next provider starts.
        var stopping = new Thread(first.Dispose);
        stopping.Start();
        try
        {
            Assert.True(disposing.Wait(TimeSpan.FromSeconds(10)), "the first core's module is being disposed");
            using var second = KstatInstrumentation.Acquire(options, _ => [new MarkerModule(2, null)]);
            Assert.Equal([2L], Observe());
        }
        finally
        {
            release.Set();
            Assert.True(stopping.Join(TimeSpan.FromSeconds(30)), "the first provider's Dispose returned");
        }

        // Both released: the last one's instruments stay for the final collection, until the grace period or the next start.
        Assert.Equal([2L], Observe());
        KstatInstrumentation.RetireNow();
        Assert.Empty(Observe());
    }

    [Fact]
    public void AModuleThatThrowsWhenReleasedNeitherKeepsTheOthersOpenNorFailsTheDispose()
    {
        KstatInstrumentation.RetireNow();
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromHours(1), Metrics = KstatMetricFamilies.ProcessCpu };
        var released = false;
        using var events = new EventCapture();
        var instrumentation = KstatInstrumentation.Acquire(options, _ =>
            [new MarkerModule(1, () => throw new InvalidOperationException("injected release failure")), new MarkerModule(2, () => released = true)]);

        instrumentation.Dispose();

        Assert.True(released, "the module after the one that threw was released");
        var failed = Assert.Single(events.Events, e => e.EventName == "ModuleDisposeFailed");
        Assert.Equal("marker-1", failed.Payload![0]);
        Assert.Contains("injected release failure", (string)failed.Payload[1]!, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], Observe().Order());
        KstatInstrumentation.RetireNow();
        Assert.Empty(Observe());
    }

    /// <summary>The marker values every live instrument of the package's meter publishes, one collection.</summary>
    private static List<long> Observe()
    {
        var seen = new List<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InstrumentationCore.MeterName && instrument.Name == Marker)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen.Add(value));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    /// <summary>A module whose one gauge publishes <paramref name="marker"/>; its Dispose runs <paramref name="onDispose"/>.</summary>
    private sealed class MarkerModule(long marker, Action? onDispose) : IKstatModule
    {
        public string Name => "marker-" + marker;

        public ISnapshotPart CreatePart() => new MarkerPart();

        public void Refresh(ISnapshotPart part) => ((MarkerPart)part).Value = marker;

        public void CreateInstruments(InstrumentRegistrar registrar, int partIndex) =>
            new PartInstruments<MarkerPart>(registrar, partIndex).Gauge<long>(Marker, "1", "Which core published it.", (part, batch) => batch.Add(part.Value));

        public void Dispose() => onDispose?.Invoke();
    }

    private sealed class MarkerPart : SnapshotPart<MarkerPart>
    {
        public long Value;

        protected override void CopyValuesFrom(MarkerPart source) => Value = source.Value;
    }
}
