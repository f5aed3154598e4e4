namespace KstatOtel.Illumos.Host;

/// <summary>A zone's CPU cap figures.</summary>
internal struct CpuCapSeries
{
    public KeyValuePair<string, object?>[] Tags;
    public double Usage;
    public double Limit;
    public OptionalCount AboveSeconds;
    public OptionalCount Waiting;
}
