using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// One area of the host (CPUs, memory, disks, links...): finds its kstats when the chain changes, re-reads them at
/// each refresh into values it keeps, and then writes its area of the snapshot part in one go, so a failed read
/// leaves the area as the last good refresh wrote it. Runs on the refresh thread only.
/// </summary>
internal abstract class HostCollector
{
    protected HostCollector(HostContext context)
    {
        Context = context;
    }

    /// <summary>Names the collector in failure messages.</summary>
    public abstract string Name { get; }

    protected HostContext Context { get; }

    /// <summary>Finds the collector's kstats in <paramref name="chain"/> (called after every chain change).</summary>
    public abstract void Resolve(IReadOnlyList<KstatEntry> chain);

    /// <summary>Reads the kstats found (at most once each per <paramref name="refresh"/>) and writes the collector's area of <paramref name="part"/>.</summary>
    public abstract void Refresh(IllumosHostPart part, long refresh);

    /// <summary>Creates the collector's instruments, which read its area of the part.</summary>
    public abstract void CreateInstruments(PartInstruments<IllumosHostPart> instruments);
}
