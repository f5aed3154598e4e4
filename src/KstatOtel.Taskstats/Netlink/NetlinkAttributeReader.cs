using System.Globalization;
using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// Walks a run of netlink attributes (a message body or the payload of a nested attribute). An nla_len below 4 or
/// running past the end of the parent raises <see cref="TaskstatsProtocolException"/>; trailing bytes too short
/// for an attribute header do too. The reader never reads outside the span it was given.
/// </summary>
internal ref struct NetlinkAttributeReader
{
    private readonly ReadOnlySpan<byte> _attributes;
    private readonly string _parentName;
    private int _offset;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes, string parentName)
    {
        _attributes = attributes;
        _parentName = parentName;
        _offset = 0;
    }

    /// <summary>Reads the next attribute; false at the end.</summary>
    public bool TryRead(out NetlinkAttribute attribute)
    {
        var remaining = _attributes.Length - _offset;
        if (remaining <= 0)
        {
            attribute = default;
            return false;
        }

        if (remaining < NetlinkConstants.AttributeHeaderSize)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"{remaining} stray bytes at offset {_offset} of {_parentName}: too short for an attribute header."));
        }

        var length = MemoryMarshal.Read<ushort>(_attributes.Slice(_offset));
        var type = MemoryMarshal.Read<ushort>(_attributes.Slice(_offset + 2));
        if (length < NetlinkConstants.AttributeHeaderSize || length > remaining)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"Attribute type {type & NetlinkConstants.NLA_TYPE_MASK} at offset {_offset} of {_parentName} claims nla_len {length}, but {remaining} bytes are left in {_parentName}."));
        }

        attribute = new NetlinkAttribute(type, _attributes.Slice(_offset + NetlinkConstants.AttributeHeaderSize, length - NetlinkConstants.AttributeHeaderSize), _offset);
        _offset = Math.Min(_attributes.Length, _offset + NetlinkConstants.Align(length));
        return true;
    }
}
