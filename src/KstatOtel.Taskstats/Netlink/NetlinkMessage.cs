namespace KstatOtel.Taskstats.Netlink;

/// <summary>One netlink message of a datagram: its header, its payload (after the header), and its offset in the datagram.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, int offset)
    {
        Header = header;
        Payload = payload;
        Offset = offset;
    }

    public NetlinkMessageHeader Header { get; }

    /// <summary>The bytes after the 16-byte header, as many as the header's length says (already checked against the datagram).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Where this message starts in its datagram, for error messages.</summary>
    public int Offset { get; }
}
