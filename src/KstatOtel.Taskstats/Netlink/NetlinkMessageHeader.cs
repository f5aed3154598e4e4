using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>struct nlmsghdr, in host byte order: length (header included), type, flags, sequence, port id.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NetlinkMessageHeader
{
    public readonly uint Length;
    public readonly ushort Type;
    public readonly ushort Flags;
    public readonly uint Sequence;
    public readonly uint PortId;

    public NetlinkMessageHeader(uint length, ushort type, ushort flags, uint sequence, uint portId)
    {
        Length = length;
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
    }

    /// <summary>Reads a header from the first 16 bytes of <paramref name="source"/> (the caller checked the length).</summary>
    public static NetlinkMessageHeader Read(ReadOnlySpan<byte> source) => MemoryMarshal.Read<NetlinkMessageHeader>(source);

    /// <summary>Writes this header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        var copy = this;
        MemoryMarshal.Write(destination, in copy);
    }
}
