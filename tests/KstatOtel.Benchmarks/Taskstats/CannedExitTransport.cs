using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Benchmarks.Taskstats;

/// <summary>
/// A netlink transport for an exit listener: it acknowledges the registration, then hands out the same exit message
/// (a task record followed by its thread-group record, version 16, as the last thread of a process leaves) forever.
/// </summary>
internal sealed class CannedExitTransport : INetlinkTransport
{
    private const ushort FamilyId = 31;
    private readonly byte[] _exit;
    private byte[]? _ack;

    public CannedExitTransport()
    {
        var stats = new byte[560];
        stats[0] = 16;
        stats[4] = 0; // ac_exitcode: exit(7) is 0x700
        stats[5] = 7;
        _exit = Message(FamilyId, 0, 0,
            [2, 1, 0, 0],
            Attribute(4, [.. Attribute(1, BitConverter.GetBytes(4321)), .. Attribute(3, stats)]),
            Attribute(5, [.. Attribute(2, BitConverter.GetBytes(4321)), .. Attribute(3, stats)]));
    }

    public uint PortId => 4343;

    public int Send(ReadOnlySpan<byte> datagram)
    {
        var sequence = BitConverter.ToUInt32(datagram[8..]);
        _ack = Message(2, sequence, PortId, BitConverter.GetBytes(0), datagram[..16].ToArray());
        return 0;
    }

    public int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId)
    {
        senderPortId = 0;
        var datagram = _ack ?? _exit;
        _ack = null;
        datagram.CopyTo(buffer);
        return datagram.Length;
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

    private static byte[] Message(ushort type, uint sequence, uint port, params byte[][] parts)
    {
        byte[] message = [.. new byte[16], .. parts.SelectMany(p => p)];
        BitConverter.TryWriteBytes(message, message.Length);
        BitConverter.TryWriteBytes(message.AsSpan(4), type);
        BitConverter.TryWriteBytes(message.AsSpan(8), sequence);
        BitConverter.TryWriteBytes(message.AsSpan(12), port);
        return message;
    }
}
