namespace KstatOtel.Illumos.Host;

/// <summary>A zone's usage of one capped resource and the cap.</summary>
internal struct CapSeries
{
    public KeyValuePair<string, object?>[] Tags;
    public OptionalCount Usage;
    public OptionalCount Limit;
}
