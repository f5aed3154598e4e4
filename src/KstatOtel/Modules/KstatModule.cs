using KstatOtel.Instruments;
using KstatOtel.Snapshots;

namespace KstatOtel.Modules;

/// <summary>Base of the modules, typed by the snapshot part they fill.</summary>
/// <typeparam name="TPart">The module's snapshot part.</typeparam>
internal abstract class KstatModule<TPart> : IKstatModule
    where TPart : SnapshotPart<TPart>, new()
{
    public abstract string Name { get; }

    public ISnapshotPart CreatePart() => new TPart();

    public void Refresh(ISnapshotPart part) => Refresh((TPart)part);

    public void CreateInstruments(InstrumentRegistrar registrar, int partIndex) =>
        CreateInstruments(new PartInstruments<TPart>(registrar, partIndex));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Overwrites every value of <paramref name="part"/> from the kernel; throws when that fails.</summary>
    protected abstract void Refresh(TPart part);

    /// <summary>Creates the module's instruments.</summary>
    protected abstract void CreateInstruments(PartInstruments<TPart> instruments);

    /// <summary>Releases the module's native handles.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
