using System.Globalization;
using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>One netlink attribute: its type (flags masked off), its flags, and its payload.</summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload, int offset)
    {
        RawType = rawType;
        Payload = payload;
        Offset = offset;
    }

    /// <summary>The type with NLA_F_NESTED and NLA_F_NET_BYTEORDER masked off.</summary>
    public ushort Type => (ushort)(RawType & NetlinkConstants.NLA_TYPE_MASK);

    /// <summary>The type field as sent, flags included.</summary>
    public ushort RawType { get; }

    /// <summary>The bytes after the 4-byte attribute header, exactly nla_len - 4 of them.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Where the attribute header starts within its parent, for error messages.</summary>
    public int Offset { get; }

    /// <summary>The payload as a u32; it must be exactly 4 bytes.</summary>
    public uint GetUInt32(string what)
    {
        if (Payload.Length != 4)
        {
            ThrowWrongSize(what, 4);
        }

        return MemoryMarshal.Read<uint>(Payload);
    }

    /// <summary>The payload as a u16; it must be at least 2 bytes (the kernel may pad a u16 to 4).</summary>
    public ushort GetUInt16(string what)
    {
        if (Payload.Length is not (2 or 4))
        {
            ThrowWrongSize(what, 2);
        }

        return MemoryMarshal.Read<ushort>(Payload);
    }

    /// <summary>The payload as a NUL-terminated string (the terminator and anything after it dropped).</summary>
    public string GetString()
    {
        var end = Payload.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end >= 0 ? Payload[..end] : Payload);
    }

    /// <summary>A reader over the attributes nested in this one.</summary>
    public NetlinkAttributeReader GetNested(string parentName) => new(Payload, parentName);

    private void ThrowWrongSize(string what, int expected) =>
        ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
            $"Attribute {what} (type {Type}) at offset {Offset} has a {Payload.Length}-byte payload; expected {expected}."));
}
