using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Benchmarks.Taskstats;

/// <summary>
/// A netlink transport that answers every request at once with a fixed reply (the family lookup, then a version 16
/// thread-group record), so a benchmark measures the client's own work per query with no system call.
/// </summary>
internal sealed class CannedReplyTransport : INetlinkTransport
{
    private const ushort FamilyId = 31;
    private readonly byte[] _familyReply;
    private readonly byte[] _statsReply;
    private uint _sequence;
    private bool _familyAsked;

    public CannedReplyTransport(int tgid)
    {
        _familyReply = Message(0x10, [1, 2, 0, 0], Attribute(1, BitConverter.GetBytes(FamilyId)), Attribute(2, "TASKSTATS\0"u8.ToArray()));
        var stats = new byte[560];
        stats[0] = 16;
        _statsReply = Message(FamilyId, [2, 1, 0, 0], Attribute(5, [.. Attribute(2, BitConverter.GetBytes(tgid)), .. Attribute(3, stats)]));
    }

    public uint PortId => 4242;

    public int Send(ReadOnlySpan<byte> datagram)
    {
        _sequence = BitConverter.ToUInt32(datagram[8..]);
        return 0;
    }

    public int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId)
    {
        senderPortId = 0;
        var reply = _familyAsked ? _statsReply : _familyReply;
        _familyAsked = true;
        reply.CopyTo(buffer);
        BitConverter.TryWriteBytes(buffer[8..], _sequence);
        return reply.Length;
    }

    public bool WaitReadable(int timeoutMilliseconds) => true;

    public void Interrupt()
    {
    }

    public void Dispose()
    {
    }

    private static byte[] Attribute(ushort type, byte[] payload)
    {
        var attribute = new byte[(4 + payload.Length + 3) & ~3];
        BitConverter.TryWriteBytes(attribute, (ushort)(4 + payload.Length));
        BitConverter.TryWriteBytes(attribute.AsSpan(2), type);
        payload.CopyTo(attribute, 4);
        return attribute;
    }

    private byte[] Message(ushort type, byte[] genl, params byte[][] attributes)
    {
        byte[] message = [.. new byte[16], .. genl, .. attributes.SelectMany(a => a)];
        BitConverter.TryWriteBytes(message, message.Length);
        BitConverter.TryWriteBytes(message.AsSpan(4), type);
        BitConverter.TryWriteBytes(message.AsSpan(12), PortId);
        return message;
    }
}
