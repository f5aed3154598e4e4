using System.Diagnostics.Metrics;
using KstatOtel.Diagnostics;
using KstatOtel.Snapshots;

namespace KstatOtel.Instruments;

/// <summary>
/// Creates observable instruments whose callbacks read the current snapshot: without a syscall, without throwing,
/// without allocating, and with every instrument of one collection reading the same snapshot.
/// </summary>
internal sealed class InstrumentRegistrar
{
    private readonly Meter meter;
    private readonly SnapshotExchange<KstatSnapshot> exchange;
    private readonly List<Instrument> instruments = [];

    public InstrumentRegistrar(Meter meter, SnapshotExchange<KstatSnapshot> exchange)
    {
        this.meter = meter;
        this.exchange = exchange;
    }

    /// <summary>Every instrument created so far, in creation order.</summary>
    public IReadOnlyList<Instrument> Instruments => instruments;

    /// <summary>
    /// The delegate that fills a batch from a snapshot; it runs inside a metric callback and must only read the snapshot.
    /// </summary>
    public delegate void Fill<T>(KstatSnapshot snapshot, MeasurementBatch<T> batch)
        where T : struct;

    public void Counter<T>(string name, string unit, string description, Fill<T> fill)
        where T : struct
    {
        var order = instruments.Count;
        instruments.Add(meter.CreateObservableCounter(name, () => Observe(order, name, fill), unit, description));
    }

    public void UpDownCounter<T>(string name, string unit, string description, Fill<T> fill)
        where T : struct
    {
        var order = instruments.Count;
        instruments.Add(meter.CreateObservableUpDownCounter(name, () => Observe(order, name, fill), unit, description));
    }

    public void Gauge<T>(string name, string unit, string description, Fill<T> fill)
        where T : struct
    {
        var order = instruments.Count;
        instruments.Add(meter.CreateObservableGauge(name, () => Observe(order, name, fill), unit, description));
    }

    private MeasurementBatch<T> Observe<T>(int order, string name, Fill<T> fill)
        where T : struct
    {
        var batch = MeasurementBatch<T>.Rent();
        try
        {
            using var lease = exchange.Acquire(order);
            if (lease.Value is { } snapshot)
            {
                fill(snapshot, batch);
            }
        }
        catch (Exception e)
        {
            // A callback never throws into the SDK: publish nothing for this instrument this time, and say why.
            batch.Clear();
            KstatOtelEventSource.Log.CallbackFailed(name, e);
        }

        return batch;
    }
}
