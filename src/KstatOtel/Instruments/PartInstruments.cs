using KstatOtel.Snapshots;

namespace KstatOtel.Instruments;

/// <summary>The instrument factory a module sees: callbacks receive the module's own part, already typed.</summary>
/// <typeparam name="TPart">The module's snapshot part.</typeparam>
internal readonly struct PartInstruments<TPart>
    where TPart : class, ISnapshotPart
{
    private readonly InstrumentRegistrar registrar;
    private readonly int partIndex;

    public PartInstruments(InstrumentRegistrar registrar, int partIndex)
    {
        this.registrar = registrar;
        this.partIndex = partIndex;
    }

    public void Counter<T>(string name, string unit, string description, Action<TPart, MeasurementBatch<T>> fill)
        where T : struct =>
        registrar.Counter<T>(name, unit, description, Wrap(fill));

    public void UpDownCounter<T>(string name, string unit, string description, Action<TPart, MeasurementBatch<T>> fill)
        where T : struct =>
        registrar.UpDownCounter<T>(name, unit, description, Wrap(fill));

    public void Gauge<T>(string name, string unit, string description, Action<TPart, MeasurementBatch<T>> fill)
        where T : struct =>
        registrar.Gauge<T>(name, unit, description, Wrap(fill));

    // Reads the module's part, and only once the module has produced values: no data, no measurement.
    private InstrumentRegistrar.Fill<T> Wrap<T>(Action<TPart, MeasurementBatch<T>> fill)
        where T : struct
    {
        var index = partIndex;
        return (snapshot, batch) =>
        {
            var part = (TPart)snapshot.Parts[index];
            if (part.LastGoodTimestamp != 0)
            {
                fill(part, batch);
            }
        };
    }
}
