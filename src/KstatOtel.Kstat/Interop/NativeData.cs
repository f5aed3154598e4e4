namespace KstatOtel.Kstat.Interop;

/// <summary>
/// A view of a kstat's <c>ks_data</c> right after a successful <c>kstat_read</c>, valid only while the token's lock is
/// held: the next read, chain update or close may reallocate or free it. Decoders copy what they need out of it.
/// </summary>
internal readonly ref struct NativeData
{
    public NativeData(ReadOnlySpan<byte> span, ulong address, uint count, long snapTime)
    {
        Span = span;
        Address = address;
        Count = count;
        SnapTime = snapTime;
    }

    /// <summary>The <c>ks_data_size</c> bytes at <c>ks_data</c>.</summary>
    public ReadOnlySpan<byte> Span { get; }

    /// <summary>The address of <c>ks_data</c>, which KSTAT_DATA_STRING pointers are relative to.</summary>
    public ulong Address { get; }

    /// <summary><c>ks_ndata</c>.</summary>
    public uint Count { get; }

    /// <summary><c>ks_snaptime</c>.</summary>
    public long SnapTime { get; }
}
