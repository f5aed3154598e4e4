using System.Globalization;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// Walks the netlink messages of one received datagram. Every length is checked against the bytes actually present:
/// a message whose nlmsg_len is below the header size or runs past the datagram raises
/// <see cref="TaskstatsProtocolException"/>, so a lying length can neither read out of bounds nor loop forever.
/// </summary>
internal ref struct NetlinkMessageReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
    }

    /// <summary>Where the next message starts.</summary>
    public readonly int Offset => _offset;

    /// <summary>Reads the next message; false at the end of the datagram.</summary>
    public bool TryRead(out NetlinkMessage message)
    {
        var remaining = _datagram.Length - _offset;
        if (remaining <= 0)
        {
            message = default;
            return false;
        }

        if (remaining < NetlinkConstants.MessageHeaderSize)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"Truncated netlink message header at offset {_offset}: {remaining} bytes left, a header needs {NetlinkConstants.MessageHeaderSize}."));
        }

        var header = NetlinkMessageHeader.Read(_datagram.Slice(_offset));
        if (header.Length < NetlinkConstants.MessageHeaderSize || header.Length > (uint)remaining)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"Netlink message at offset {_offset} claims nlmsg_len {header.Length}, but {remaining} bytes are left and a header alone needs {NetlinkConstants.MessageHeaderSize}."));
        }

        var length = (int)header.Length;
        message = new NetlinkMessage(header, _datagram.Slice(_offset + NetlinkConstants.MessageHeaderSize, length - NetlinkConstants.MessageHeaderSize), _offset);

        // The padding after the last message may be missing from the datagram; never step past its end.
        _offset = Math.Min(_datagram.Length, _offset + NetlinkConstants.Align(length));
        return true;
    }
}
