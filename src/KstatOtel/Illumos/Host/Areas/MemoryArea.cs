namespace KstatOtel.Illumos.Host;

/// <summary>Memory figures of one refresh, in bytes.</summary>
internal sealed class MemoryArea
{
    public bool HasUsed;
    public long Used;
    public bool HasFree;
    public long Free;
    public bool HasLimit;
    public long Limit;

    public void CopyFrom(MemoryArea other)
    {
        HasUsed = other.HasUsed;
        Used = other.Used;
        HasFree = other.HasFree;
        Free = other.Free;
        HasLimit = other.HasLimit;
        Limit = other.Limit;
    }
}
