namespace KstatOtel.Illumos.Host;

/// <summary>The NFS mounts of one refresh.</summary>
internal sealed class NfsArea
{
    public SeriesList<NfsMountSeries> Mounts { get; } = new();

    public void CopyFrom(NfsArea other) => Mounts.CopyFrom(other.Mounts);
}
