namespace KstatOtel.Illumos.Host;

/// <summary>The links of one refresh.</summary>
internal sealed class NetworkArea
{
    public SeriesList<LinkSeries> Links { get; } = new();

    public void CopyFrom(NetworkArea other) => Links.CopyFrom(other.Links);
}
