using System.Runtime.InteropServices;
using System.Text;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// Writes one netlink request into a caller-owned buffer: the 16-byte header, then family header bytes and
/// attributes, each padded to 4 bytes. <see cref="Finish"/> stores the total length in nlmsg_len.
/// </summary>
internal ref struct NetlinkRequestBuilder
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkRequestBuilder(Span<byte> buffer, ushort type, ushort flags, uint sequence, uint portId)
    {
        _buffer = buffer;
        EnsureRoom(NetlinkConstants.MessageHeaderSize);
        new NetlinkMessageHeader(0, type, flags, sequence, portId).Write(buffer);
        _length = NetlinkConstants.MessageHeaderSize;
    }

    /// <summary>Appends raw bytes (a family header such as genlmsghdr), padded to 4 bytes.</summary>
    public void AppendRaw(scoped ReadOnlySpan<byte> bytes)
    {
        var padded = NetlinkConstants.Align(bytes.Length);
        EnsureRoom(padded);
        bytes.CopyTo(_buffer.Slice(_length));
        _buffer.Slice(_length + bytes.Length, padded - bytes.Length).Clear();
        _length += padded;
    }

    /// <summary>Appends a u32 attribute.</summary>
    public void AddUInt32(ushort type, uint value)
    {
        var payload = WriteAttributeHeader(type, 4);
        MemoryMarshal.Write(payload, in value);
    }

    /// <summary>Appends a NUL-terminated UTF-8 string attribute.</summary>
    public void AddString(ushort type, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var payload = WriteAttributeHeader(type, byteCount + 1);
        Encoding.UTF8.GetBytes(value, payload);
        payload[byteCount] = 0;
    }

    /// <summary>Stores the length in the header and returns the finished request.</summary>
    public readonly ReadOnlySpan<byte> Finish()
    {
        MemoryMarshal.Write(_buffer, in _length);
        return _buffer[.._length];
    }

    private Span<byte> WriteAttributeHeader(ushort type, int payloadLength)
    {
        var length = NetlinkConstants.AttributeHeaderSize + payloadLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "A netlink attribute holds at most 65531 bytes.");
        }

        var padded = NetlinkConstants.Align(length);
        EnsureRoom(padded);
        var attribute = _buffer.Slice(_length, padded);
        var shortLength = (ushort)length;
        MemoryMarshal.Write(attribute, in shortLength);
        MemoryMarshal.Write(attribute.Slice(2), in type);
        attribute.Slice(length).Clear();
        _length += padded;
        return attribute.Slice(NetlinkConstants.AttributeHeaderSize, payloadLength);
    }

    private readonly void EnsureRoom(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            throw new InvalidOperationException($"The request buffer of {_buffer.Length} bytes cannot hold {_length + bytes} bytes.");
        }
    }
}
