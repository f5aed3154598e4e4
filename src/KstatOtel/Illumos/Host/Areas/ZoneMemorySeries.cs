namespace KstatOtel.Illumos.Host;

/// <summary>A zone's memory as the memory capper sees it.</summary>
internal struct ZoneMemorySeries
{
    public KeyValuePair<string, object?>[] ZoneTags;
    public KeyValuePair<string, object?>[] RssTags;
    public KeyValuePair<string, object?>[] SwapTags;
    public OptionalCount Rss;
    public OptionalCount Swap;
    public OptionalCount PhysicalCap;
    public OptionalCount SwapCap;
    public OptionalCount PagedOut;
    public OptionalCount Overs;
}
