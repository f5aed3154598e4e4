namespace KstatOtel.Illumos.Host;

/// <summary>One disk's values.</summary>
internal struct DiskSeries
{
    public KeyValuePair<string, object?>[] DeviceTags;
    public KeyValuePair<string, object?>[] ReadTags;
    public KeyValuePair<string, object?>[] WriteTags;
    public long BytesRead;
    public long BytesWritten;
    public long Reads;
    public long Writes;
    public double IoTime;
    public double OperationTime;
    public long Pending;
}
