using KstatOtel.Instruments;
using KstatOtel.Snapshots;

namespace KstatOtel.Modules;

/// <summary>
/// One source of metrics (the own process on Linux, the illumos host, process groups...): it owns its native handles,
/// fills its part of each snapshot on the refresh thread, and creates the instruments that read that part.
/// </summary>
internal interface IKstatModule : IDisposable
{
    /// <summary>A short name used in events and as the <c>kstatotel.source</c> attribute of the health metrics.</summary>
    string Name { get; }

    /// <summary>A new, empty part for a snapshot slot.</summary>
    ISnapshotPart CreatePart();

    /// <summary>
    /// Reads the kernel and overwrites every value of <paramref name="part"/>. Runs on the refresh thread only, never
    /// concurrently with itself. Throws when the values could not be read; the caller then keeps the last good ones.
    /// </summary>
    void Refresh(ISnapshotPart part);

    /// <summary>Creates the module's instruments, which read the part at <paramref name="partIndex"/>.</summary>
    void CreateInstruments(InstrumentRegistrar registrar, int partIndex);
}
