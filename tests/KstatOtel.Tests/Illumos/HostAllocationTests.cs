using System.Diagnostics.Metrics;
using KstatOtel.Modules;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The steady state allocates nothing: a host refresh while the chain is unchanged (kstat_chain_update finds nothing
/// new, every kstat looked up before is re-read into kept values) and every instrument callback. Measured on the
/// refresh thread's own allocation counter; BenchmarkDotNet confirms it (docs/benchmarks.md).
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class HostAllocationTests
{
    private static string[] AllKinds() =>
    [
        Standin.ConstructedMachine(0),
        Standin.Frame(Standin.ConstructedMachine(1), Standin.Capture("illumos-zfs--0--arcstats.kstat"), Standin.Capture("illumos-memory_cap--7--serv-wf.kstat")),
    ];

    [Fact]
    public void ASteadyStateRefreshAllocatesNothing()
    {
        using var host = HostHarness.Start(AllKinds(), o =>
        {
            o.IncludeCpuLogicalNumber = true;
            o.AddKstat("cpu:*:sys:cpu_nsec_user", "test.user", "ns", KstatInstrumentKind.Counter)
                .AddKstat("zfs:0:arcstats:l2_size", "test.l2", "By", KstatInstrumentKind.Gauge);
        });
        IKstatModule module = host.Module;
        var part = module.CreatePart();

        // Frame 1 appears on the first refresh (a chain change: look-ups allocate); then the chain stays put.
        for (var i = 0; i < 5; i++)
        {
            module.Refresh(part);
        }

        var allocated = Allocations.Measure(() => module.Refresh(part), 200);
        Assert.True(allocated.Smallest == 0, $"200 steady-state refreshes allocated {allocated}.");
        Assert.True(Standin.Counter("read") > 200, "the refreshes did read kstats");
    }

    [Fact]
    public void CallbacksAllocateNothing()
    {
        using var host = HostHarness.Start(AllKinds(), o =>
        {
            o.IncludeCpuLogicalNumber = true;
            o.AddKstat("cpu:*:sys:cpu_nsec_user", "test.user", "ns", KstatInstrumentKind.Counter);
        });
        host.Refresh();
        var meter = host.Core.Instruments[0].Meter;
        var measurements = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => measurements++);
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => measurements++);
        listener.Start();
        for (var i = 0; i < 20; i++)
        {
            listener.RecordObservableInstruments();
        }

        measurements = 0;
        var allocated = Allocations.Measure(listener.RecordObservableInstruments, 100);
        Assert.True(allocated.Smallest == 0, $"100 collections of {host.Core.Instruments.Count} instruments allocated {allocated}.");
        Assert.True(measurements > 100 * 100, $"only {measurements} measurements in 100 collections");
    }
}
