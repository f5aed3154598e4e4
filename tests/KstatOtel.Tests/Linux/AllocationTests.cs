using System.Diagnostics.Metrics;
using KstatOtel.Linux;
using KstatOtel.Modules;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Linux;

/// <summary>The refresh and the callbacks allocate nothing in steady state (the benchmarks measure the same).</summary>
[Collection(InstrumentationCollection.Name)]
public class AllocationTests
{
    [SkippableTheory]
    [InlineData(LinuxProcessSource.Automatic)]
    [InlineData(LinuxProcessSource.Procfs)]
    public void RefreshingTheOwnProcessAllocatesNothing(LinuxProcessSource source)
    {
        var options = new KstatInstrumentationOptions { LinuxSource = source, Metrics = KstatMetricFamilies.All };
        if (source == LinuxProcessSource.Automatic)
        {
            Privileges.RequireNetAdmin();
        }

        using var module = LinuxProcessModule.TryCreate(options, LinuxModules.ChooseTaskstats(options))!;
        Assert.Equal(source == LinuxProcessSource.Automatic, module.UsesTaskstats);
        var part = module.CreatePart();
        for (var i = 0; i < 50; i++)
        {
            module.Refresh(part);
        }

        var allocated = Allocations.Measure(() => module.Refresh(part), 500);
        Assert.True(allocated.Smallest == 0, $"500 refreshes of the own process ({source}) allocated {allocated}");
    }

    [Fact]
    public void ObservingEveryInstrumentAllocatesNothing()
    {
        var options = new KstatInstrumentationOptions
        {
            Metrics = KstatMetricFamilies.All,
            IncludeProportionalSetSize = true,
            RefreshInterval = KstatInstrumentationOptions.MaximumRefreshInterval,
        };
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, ModuleCatalog.Create(options), meterName);
        long measurements = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => measurements++);
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => measurements++);
        listener.Start();
        for (var i = 0; i < 50; i++)
        {
            listener.RecordObservableInstruments();
        }

        var perCollection = measurements / 50;
        Assert.True(perCollection >= 15, $"{perCollection} measurements a collection");
        var allocated = Allocations.Measure(listener.RecordObservableInstruments, 1000);
        Assert.True(allocated.Smallest == 0, $"1000 collections of {perCollection} measurements allocated {allocated}");
    }

    [SkippableFact]
    public void RefreshingTheWholeSnapshotAllocatesNothing()
    {
        Privileges.RequireNetAdmin();
        var options = new KstatInstrumentationOptions { RefreshInterval = KstatInstrumentationOptions.MaximumRefreshInterval };
        using var core = new InstrumentationCore(options, ModuleCatalog.Create(options), $"KstatOtel.Tests.{Guid.NewGuid():N}");
        for (var i = 0; i < 50; i++)
        {
            core.RefreshNow();
        }

        var allocated = Allocations.Measure(core.RefreshNow, 500);
        Assert.True(allocated.Smallest == 0, $"500 refreshes of the whole snapshot allocated {allocated}");
    }
}
