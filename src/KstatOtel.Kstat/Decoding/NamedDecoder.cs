using System.Runtime.InteropServices;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat.Decoding;

/// <summary>
/// Decodes the data of a NAMED kstat: <c>ks_ndata</c> records of <c>kstat_named_t</c> (48 bytes each), followed by the
/// bytes of any KSTAT_DATA_STRING values. A pure function over the bytes libkstat returned and the address they were at
/// (string pointers are absolute addresses into that buffer); nothing outside those bytes is read.
/// </summary>
internal static class NamedDecoder
{
    /// <summary>sizeof(kstat_named_t).</summary>
    public const int RecordSize = 48;

    private const int ValueOffset = 32;
    private const int StringLengthOffset = 40;

    /// <summary>
    /// Decodes every statistic into <paramref name="into"/>, then stamps it with <paramref name="snapTime"/>. The data
    /// is checked whole before <paramref name="into"/> is touched: data that does not decode leaves it as it was (the
    /// caller's last good values), never half overwritten.
    /// </summary>
    /// <exception cref="KstatMalformedDataException">The records or a string do not fit in <paramref name="data"/>.</exception>
    public static void Decode(ReadOnlySpan<byte> data, ulong dataAddress, uint ndata, long snapTime, KstatNamedValues into, string subject)
    {
        var count = CheckedCount(data.Length, ndata, subject);
        for (var i = 0; i < count; i++)
        {
            var record = data.Slice(i * RecordSize, RecordSize);
            _ = TryGetText(data, dataAddress, count, record, (KstatDataType)record[KstatNative.StrLen], Utf8Text.UpToNul(record[..KstatNative.StrLen]), subject, out _);
        }

        into.BeginFill(count);
        for (var i = 0; i < count; i++)
        {
            var record = data.Slice(i * RecordSize, RecordSize);
            var type = (KstatDataType)record[KstatNative.StrLen];
            var name = Utf8Text.UpToNul(record[..KstatNative.StrLen]);
            var bits = DecodeBits(record, type);
            var hasText = TryGetText(data, dataAddress, count, record, type, name, subject, out var text);
            into.Set(i, name, type, bits, text, hasText);
        }

        into.EndFill(snapTime);
    }

    /// <summary>
    /// Decodes the one record at <paramref name="offset"/> (as found by kstat_data_lookup). When the record's name is
    /// <paramref name="knownName"/>, that string is used rather than a new one.
    /// </summary>
    public static KstatNamed DecodeOne(ReadOnlySpan<byte> data, ulong dataAddress, uint ndata, int offset, string subject, string? knownName = null)
    {
        var count = CheckedCount(data.Length, ndata, subject);
        if (offset < 0 || offset % RecordSize != 0 || offset / RecordSize >= count)
        {
            ThrowHelper.Malformed($"{subject}: kstat_data_lookup returned offset {offset}, which is not one of the {count} records of {RecordSize} bytes.");
        }

        var record = data.Slice(offset, RecordSize);
        var type = (KstatDataType)record[KstatNative.StrLen];
        var name = Utf8Text.UpToNul(record[..KstatNative.StrLen]);
        var bits = DecodeBits(record, type);
        var hasText = TryGetText(data, dataAddress, count, record, type, name, subject, out var text);
        var decodedName = knownName is not null && Utf8Text.EqualsString(name, knownName) ? knownName : Utf8Text.Decode(name);
        return new KstatNamed(decodedName, type, bits, hasText ? Utf8Text.Decode(text) : null);
    }

    private static int CheckedCount(int dataLength, uint ndata, string subject)
    {
        if ((ulong)ndata * RecordSize > (ulong)dataLength)
        {
            ThrowHelper.Malformed($"{subject}: ks_ndata {ndata} × sizeof(kstat_named_t) {RecordSize} = {(ulong)ndata * RecordSize} bytes exceeds ks_data_size {dataLength}.");
        }

        return (int)ndata;
    }

    private static ulong DecodeBits(ReadOnlySpan<byte> record, KstatDataType type)
    {
        var value = record[ValueOffset..];
        return type switch
        {
            KstatDataType.Int32 => (ulong)(long)MemoryMarshal.Read<int>(value),
            KstatDataType.UInt32 => MemoryMarshal.Read<uint>(value),
            KstatDataType.Float => BitConverter.DoubleToUInt64Bits(MemoryMarshal.Read<float>(value)),
            KstatDataType.Char or KstatDataType.String => 0,
            _ => MemoryMarshal.Read<ulong>(value), // INT64, UINT64, DOUBLE; unknown types keep their first 8 bytes.
        };
    }

    private static bool TryGetText(ReadOnlySpan<byte> data, ulong dataAddress, int count, ReadOnlySpan<byte> record, KstatDataType type,
        ReadOnlySpan<byte> name, string subject, out ReadOnlySpan<byte> text)
    {
        if (type == KstatDataType.Char)
        {
            text = Utf8Text.UpToNul(record.Slice(ValueOffset, KstatNamedNative.CharValueLength));
            return true;
        }

        if (type != KstatDataType.String)
        {
            text = default;
            return false;
        }

        var pointer = MemoryMarshal.Read<ulong>(record[ValueOffset..]);
        var length = MemoryMarshal.Read<uint>(record[StringLengthOffset..]);
        if (pointer == 0)
        {
            text = default; // No value: an empty string.
            return true;
        }

        // The string must lie in ks_data after the records: [count * 48, ks_data_size).
        var start = (ulong)count * RecordSize;
        var offset = pointer - dataAddress;
        if (pointer < dataAddress || offset < start || offset > (ulong)data.Length || length > (ulong)data.Length - offset)
        {
            ThrowHelper.Malformed(
                $"{subject}: string statistic '{Utf8Text.Decode(name)}' points at 0x{pointer:x} with length {length}, outside the " +
                $"kstat's string area [0x{dataAddress + start:x}, 0x{dataAddress + (ulong)data.Length:x}).");
        }

        text = Utf8Text.UpToNul(data.Slice((int)offset, (int)length));
        return true;
    }
}
