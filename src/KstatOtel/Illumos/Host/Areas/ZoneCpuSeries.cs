namespace KstatOtel.Illumos.Host;

/// <summary>A zone's CPU time.</summary>
internal struct ZoneCpuSeries
{
    public KeyValuePair<string, object?>[] ZoneTags;
    public KeyValuePair<string, object?>[] UserTags;
    public KeyValuePair<string, object?>[] SystemTags;
    public bool HasUser;
    public double User;
    public bool HasSystem;
    public double System;
    public bool HasWait;
    public double Wait;
}
