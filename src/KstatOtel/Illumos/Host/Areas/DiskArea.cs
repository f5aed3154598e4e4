namespace KstatOtel.Illumos.Host;

/// <summary>The disks of one refresh.</summary>
internal sealed class DiskArea
{
    public SeriesList<DiskSeries> Disks { get; } = new();

    public void CopyFrom(DiskArea other) => Disks.CopyFrom(other.Disks);
}
