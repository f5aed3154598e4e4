using System.Buffers.Binary;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// Lays out a C struct the way the amd64 System V ABI (LP64) does: each field at the next multiple of its alignment,
/// the size rounded up to the largest alignment. The tests describe psinfo_t and prusage_t with it, field by field in
/// the order of illumos sys/procfs.h, so the offsets the fixture files are written with are derived independently
/// of the offsets the decoders use.
/// </summary>
internal sealed class CStructLayout
{
    private readonly Dictionary<string, (int Offset, int Size)> _fields = [];
    private int _offset;
    private int _alignment = 1;

    public int Size => Align(_offset, _alignment);

    public int this[string field] => _fields[field].Offset;

    /// <summary>Appends a field of <paramref name="size"/> bytes aligned to <paramref name="alignment"/>.</summary>
    public CStructLayout Field(string name, int size, int alignment)
    {
        _offset = Align(_offset, alignment);
        _fields.Add(name, (_offset, size));
        _offset += size;
        _alignment = Math.Max(_alignment, alignment);
        return this;
    }

    public CStructLayout Int(string name) => Field(name, 4, 4);

    public CStructLayout UShort(string name) => Field(name, 2, 2);

    public CStructLayout Char(string name, int count = 1) => Field(name, count, 1);

    /// <summary>long, ulong_t, size_t, uintptr_t, dev_t, time_t: 8 bytes on LP64.</summary>
    public CStructLayout Long(string name) => Field(name, 8, 8);

    /// <summary>timestruc_t: { time_t tv_sec; long tv_nsec; }.</summary>
    public CStructLayout TimeStruct(string name) => Field(name, 16, 8);

    public void WriteInt(Span<byte> buffer, string field, long value) => BinaryPrimitives.WriteInt32LittleEndian(Slot(buffer, field, 4), checked((int)value));

    public void WriteUInt(Span<byte> buffer, string field, ulong value) => BinaryPrimitives.WriteUInt32LittleEndian(Slot(buffer, field, 4), checked((uint)value));

    public void WriteUShort(Span<byte> buffer, string field, ulong value) => BinaryPrimitives.WriteUInt16LittleEndian(Slot(buffer, field, 2), checked((ushort)value));

    public void WriteLong(Span<byte> buffer, string field, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slot(buffer, field, 8), value);

    public void WriteTime(Span<byte> buffer, string field, long seconds, long nanoseconds)
    {
        var slot = Slot(buffer, field, 16);
        BinaryPrimitives.WriteInt64LittleEndian(slot, seconds);
        BinaryPrimitives.WriteInt64LittleEndian(slot[8..], nanoseconds);
    }

    public void WriteText(Span<byte> buffer, string field, string text)
    {
        var (offset, size) = _fields[field];
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.True(bytes.Length < size, $"{field} holds {size} bytes");
        bytes.CopyTo(buffer[offset..]);
    }

    private Span<byte> Slot(Span<byte> buffer, string field, int size)
    {
        var (offset, declared) = _fields[field];
        Assert.True(declared == size, $"{field} is {declared} bytes, written as {size}");
        return buffer.Slice(offset, size);
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
