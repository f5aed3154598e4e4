namespace KstatOtel.Illumos.Host;

/// <summary>One NFS mount's values.</summary>
internal struct NfsMountSeries
{
    public KeyValuePair<string, object?>[] Tags;
    public KeyValuePair<string, object?>[] ReadTags;
    public KeyValuePair<string, object?>[] WriteTags;
    public long NoResponse;
    public long Failovers;
    public long Remaps;
    public long ReadSize;
    public long WriteSize;
    public NfsTimer Lookup;
    public NfsTimer Read;
    public NfsTimer Write;
}
