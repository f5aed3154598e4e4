namespace KstatOtel.Illumos.Host;

/// <summary>The zones of one refresh.</summary>
internal sealed class ZoneArea
{
    /// <summary>lockedmem, swapresv, physicalmem caps.</summary>
    public SeriesList<CapSeries> MemoryCaps { get; } = new();

    /// <summary>nprocs caps.</summary>
    public SeriesList<CapSeries> ProcessCaps { get; } = new();

    public SeriesList<CpuCapSeries> CpuCaps { get; } = new();

    public SeriesList<ZoneMemorySeries> Memory { get; } = new();

    public SeriesList<ZoneCpuSeries> Cpu { get; } = new();

    public void Clear()
    {
        MemoryCaps.Clear();
        ProcessCaps.Clear();
        CpuCaps.Clear();
        Memory.Clear();
        Cpu.Clear();
    }

    public void CopyFrom(ZoneArea other)
    {
        MemoryCaps.CopyFrom(other.MemoryCaps);
        ProcessCaps.CopyFrom(other.ProcessCaps);
        CpuCaps.CopyFrom(other.CpuCaps);
        Memory.CopyFrom(other.Memory);
        Cpu.CopyFrom(other.Cpu);
    }
}
