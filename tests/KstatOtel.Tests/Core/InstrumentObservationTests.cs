using System.Diagnostics.Metrics;
using KstatOtel.Instruments;
using KstatOtel.Snapshots;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Core;

public class InstrumentObservationTests
{
    [Fact]
    public void TaggedMeasurementsShareTheCachedTagArray()
    {
        var tags = new KeyValuePair<string, object?>[] { new("cpu.mode", "user") };
        var measurement = TaggedMeasurement<double>.Create(1.5, tags);
        Assert.Equal(1.5, measurement.Value);
        Assert.Equal("cpu.mode", measurement.Tags[0].Key);
        Assert.Equal("user", measurement.Tags[0].Value);
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(measurement.Tags), ref tags[0]));
    }

    [Fact]
    public void ObservingThroughTheRegistrarDeliversEveryMeasurementAndAllocatesNothing()
    {
        using var meter = new Meter($"test-{Guid.NewGuid()}");
        var exchange = new SnapshotExchange<KstatSnapshot>(() => new KstatSnapshot([]));
        var slot = exchange.RentForWrite();
        exchange.Publish(slot);
        var registrar = new InstrumentRegistrar(meter, exchange);
        var user = new KeyValuePair<string, object?>[] { new("cpu.mode", "user") };
        var system = new KeyValuePair<string, object?>[] { new("cpu.mode", "system") };
        registrar.Counter<double>("a", "s", "a", (_, batch) =>
        {
            batch.Add(1.0, user);
            batch.Add(2.0, system);
        });
        registrar.Gauge<long>("b", "By", "b", (_, batch) => batch.Add(42));

        var seen = new List<(string, double, string?)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var record = true;
        listener.SetMeasurementEventCallback<double>((i, v, t, _) =>
        {
            if (record)
            {
                seen.Add((i.Name, v, t[0].Value as string));
            }
        });
        listener.SetMeasurementEventCallback<long>((i, v, t, _) =>
        {
            if (record)
            {
                seen.Add((i.Name, v, null));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal([("a", 1.0, "user"), ("a", 2.0, "system"), ("b", 42.0, null)], seen);

        record = false;
        for (var i = 0; i < 100; i++)
        {
            listener.RecordObservableInstruments();
        }

        var allocated = Allocations.Measure(listener.RecordObservableInstruments, 1000);
        Assert.True(allocated.Smallest == 0, $"1000 collections of tagged measurements allocated {allocated}");
    }

    [Fact]
    public void ACollectionObservesInstrumentsInCreationOrder()
    {
        // The snapshot pin relies on this: see SnapshotExchange.Acquire.
        using var meter = new Meter($"test-{Guid.NewGuid()}");
        var order = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var index = i;
            meter.CreateObservableGauge($"g{i}", () =>
            {
                order.Add(index);
                return 0;
            });
        }

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public void ACallbackThatThrowsPublishesNothingAndDoesNotThrow()
    {
        using var meter = new Meter($"test-{Guid.NewGuid()}");
        var exchange = new SnapshotExchange<KstatSnapshot>(() => new KstatSnapshot([]));
        exchange.Publish(exchange.RentForWrite());
        var registrar = new InstrumentRegistrar(meter, exchange);
        registrar.Gauge<long>("bad", "1", "bad", (_, batch) =>
        {
            batch.Add(1);
            throw new InvalidOperationException("boom");
        });
        var values = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => values.Add(v));
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Empty(values);
    }
}
