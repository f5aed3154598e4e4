using System.Buffers.Binary;
using System.Text;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>Builds netlink bytes for tests, independently of the code under test.</summary>
internal static class Wire
{
    public const ushort FamilyId = 31;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort NlmFMulti = 2;

    public static int Align(int n) => (n + 3) & ~3;

    public static byte[] Message(ushort type, ushort flags, uint sequence, uint port, params byte[][] parts)
    {
        var payload = Concat(parts);
        var message = new byte[16 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), port);
        payload.CopyTo(message, 16);
        return message;
    }

    public static byte[] Genl(byte command, byte version = 1) => [command, version, 0, 0];

    /// <summary>An attribute with its padding.</summary>
    public static byte[] Attr(ushort type, params byte[][] payloadParts)
    {
        var payload = Concat(payloadParts);
        var attribute = new byte[Align(4 + payload.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        payload.CopyTo(attribute, 4);
        return attribute;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] CString(string value) => [.. Encoding.UTF8.GetBytes(value), 0];

    /// <summary>An NLMSG_ERROR message carrying -errno (0: an acknowledgement) and the echoed request header.</summary>
    public static byte[] Error(int errno, uint sequence, uint port)
    {
        var body = new byte[4 + 16];
        BinaryPrimitives.WriteInt32LittleEndian(body, -errno);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), port);
        return Message(NlmsgError, 0, sequence, port, body);
    }

    public static byte[] Done(uint sequence, uint port) => Message(NlmsgDone, NlmFMulti, sequence, port, U32(0));

    /// <summary>A TASKSTATS_CMD_NEW reply with one AGGR_PID (or AGGR_TGID) nest: id then STATS.</summary>
    public static byte[] TaskstatsReply(uint sequence, uint port, bool threadGroup, uint id, byte[] stats) =>
        Message(FamilyId, 0, sequence, port, Genl(2), Aggregate(threadGroup, id, stats));

    public static byte[] Aggregate(bool threadGroup, uint id, byte[] stats) =>
        Attr(threadGroup ? (ushort)5 : (ushort)4, Attr(threadGroup ? (ushort)2 : (ushort)1, U32(id)), Attr(3, stats));

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>Copies <paramref name="datagram"/> with the sequence and port of its first message replaced.</summary>
    public static byte[] Readdress(byte[] datagram, uint sequence, uint port)
    {
        var copy = (byte[])datagram.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(12), port);
        return copy;
    }

    public static uint SequenceOf(byte[] request) => BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8));

    public static ushort TypeOf(byte[] request) => BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4));

    public static ushort FlagsOf(byte[] request) => BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6));
}
