using System.Runtime.InteropServices;
using System.Text;
using KstatOtel.Kstat.Decoding;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// The decoders as pure functions over bytes built here, including every inconsistency libkstat data could show:
/// each must raise KstatMalformedDataException and never read outside the bytes.
/// </summary>
public class DecoderTests
{
    private const ulong Base = 0x7f00_0000_1000;

    [Fact]
    public void NamedRecordsOfEveryTypeDecode()
    {
        var data = new NamedBuilder()
            .Add("c", KstatDataType.Char, "0123456789abcdef"u8) // 16 bytes, no NUL
            .Add("i32", KstatDataType.Int32, BitConverter.GetBytes(-5))
            .Add("u32", KstatDataType.UInt32, BitConverter.GetBytes(uint.MaxValue))
            .Add("i64", KstatDataType.Int64, BitConverter.GetBytes(long.MinValue))
            .Add("u64", KstatDataType.UInt64, BitConverter.GetBytes(ulong.MaxValue))
            .Add("f", KstatDataType.Float, BitConverter.GetBytes(1.5f))
            .Add("d", KstatDataType.Double, BitConverter.GetBytes(-2.25))
            .AddString("s", "a string longer than sixteen bytes")
            .AddNullString("empty")
            .Add("future", (KstatDataType)7, BitConverter.GetBytes(99L));
        var values = new KstatNamedValues();
        NamedDecoder.Decode(data.Bytes, Base, data.Count, 123, values, "t:0:t");
        Assert.Equal(10, values.Count);
        Assert.Equal(123, values.SnapTime);
        Assert.Equal("0123456789abcdef", values[0].StringValue);
        Assert.Equal(-5L, values[1].Int64Value);
        Assert.Equal(uint.MaxValue, values[2].UInt64Value);
        Assert.Equal(long.MinValue, values[3].Int64Value);
        Assert.Equal(ulong.MaxValue, values[4].UInt64Value);
        Assert.Equal(1.5, values[5].DoubleValue);
        Assert.Equal(-2.25, values[6].DoubleValue);
        Assert.Equal(("s", "a string longer than sixteen bytes"), (values[7].Name, values[7].StringValue));
        Assert.Equal(string.Empty, values[8].StringValue);
        Assert.Equal((KstatDataType)7, values[9].DataType);
        Assert.False(values[9].IsNumeric);
        Assert.Equal(string.Empty, values[9].FormatValue());
        Assert.Throws<InvalidOperationException>(() => values[9].UInt64Value);
        Assert.Equal("-5", values[1].FormatValue());
        Assert.Equal("i32=-5", values[1].ToString());
    }

    [Fact]
    public void ReReadingTheSameBytesReusesTheStringsAndKeepsTheLayout()
    {
        var data = new NamedBuilder().Add("state", KstatDataType.Char, "on-line"u8).AddString("brand", "Some CPU brand name").Add("n", KstatDataType.UInt64, BitConverter.GetBytes(1UL));
        var values = new KstatNamedValues();
        NamedDecoder.Decode(data.Bytes, Base, data.Count, 1, values, "t");
        Assert.True(values.LayoutChanged);
        Assert.Equal(1, values.LayoutVersion);
        var name = values[0].Name;
        var state = values[0].StringValue;
        var brand = values[1].StringValue;
        NamedDecoder.Decode(data.Bytes, Base, data.Count, 2, values, "t");
        Assert.False(values.LayoutChanged);
        Assert.Equal(1, values.LayoutVersion);
        Assert.Same(name, values[0].Name);
        Assert.Same(state, values[0].StringValue);
        Assert.Same(brand, values[1].StringValue);

        var changed = new NamedBuilder().Add("state", KstatDataType.Char, "off-line"u8).AddString("brand", "Some CPU brand name").Add("m", KstatDataType.UInt64, BitConverter.GetBytes(1UL));
        NamedDecoder.Decode(changed.Bytes, Base, changed.Count, 3, values, "t");
        Assert.True(values.LayoutChanged);
        Assert.Equal(2, values.LayoutVersion);
        Assert.Equal("off-line", values[0].StringValue);
        Assert.Equal("m", values[2].Name);
        Assert.Equal(-1, values.IndexOf("n"));
        Assert.Equal(2, values.IndexOf("m"));
    }

    [Fact]
    public void NonAsciiAndInvalidUtf8TextIsDecodedAndReusedWhileUnchanged()
    {
        var data = new NamedBuilder()
            .Add("zoné", KstatDataType.Char, "café"u8)
            .Add("bad", KstatDataType.Char, [0x41, 0xFF, 0x42])
            .AddString("long", "zone-été-" + new string('x', 300));
        var values = new KstatNamedValues();
        NamedDecoder.Decode(data.Bytes, Base, data.Count, 1, values, "t");
        Assert.Equal(("zoné", "café"), (values[0].Name, values[0].StringValue));
        Assert.Equal("A\uFFFDB", values[1].StringValue);
        Assert.Equal("zone-été-" + new string('x', 300), values[2].StringValue);
        var kept = (values[0].Name, values[0].StringValue, values[1].StringValue, values[2].StringValue);
        NamedDecoder.Decode(data.Bytes, Base, data.Count, 2, values, "t");
        Assert.False(values.LayoutChanged);
        Assert.Same(kept.Item1, values[0].Name);
        Assert.Same(kept.Item2, values[0].StringValue);
        Assert.Same(kept.Item3, values[1].StringValue);
        Assert.Same(kept.Item4, values[2].StringValue);
    }

    [Fact]
    public void MoreRecordsThanDataIsMalformed()
    {
        var data = new NamedBuilder().Add("a", KstatDataType.UInt64, BitConverter.GetBytes(1UL));
        var error = Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.Decode(data.Bytes, Base, 2, 0, new KstatNamedValues(), "m:0:n"));
        Assert.Contains("ks_ndata 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("m:0:n", error.Message, StringComparison.Ordinal);
        Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.Decode(data.Bytes, Base, uint.MaxValue, 0, new KstatNamedValues(), "m:0:n"));
    }

    [Theory]
    [InlineData(-8L, 4U)] // before ks_data
    [InlineData(0L, 4U)] // inside the records
    [InlineData(48L, 1000U)] // runs past ks_data_size
    [InlineData(4096L, 2U)] // after ks_data
    [InlineData(long.MaxValue, 1U)] // far away
    public void AStringOutsideItsAreaIsMalformed(long offsetFromData, uint length)
    {
        var data = new NamedBuilder().AddString("s", "abc");
        var bytes = data.Bytes.ToArray();
        MemoryMarshal.Write(bytes.AsSpan(32), unchecked(Base + (ulong)offsetFromData));
        MemoryMarshal.Write(bytes.AsSpan(40), length);
        var error = Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.Decode(bytes, Base, 1, 0, new KstatNamedValues(), "m:0:n"));
        Assert.Contains("'s'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStringLengthWithoutNulIsBoundedByTheLength()
    {
        var data = new NamedBuilder().AddString("s", "abcdef");
        var bytes = data.Bytes.ToArray();
        MemoryMarshal.Write(bytes.AsSpan(40), 3U); // "abc", no NUL within the length
        var values = new KstatNamedValues();
        NamedDecoder.Decode(bytes, Base, 1, 0, values, "t");
        Assert.Equal("abc", values[0].StringValue);
    }

    [Fact]
    public void ARefusedReadLeavesTheKeptValuesAsTheyWere()
    {
        var good = new NamedBuilder().Add("n", KstatDataType.UInt64, BitConverter.GetBytes(7UL)).AddString("s", "kept text");
        var values = new KstatNamedValues();
        NamedDecoder.Decode(good.Bytes, Base, good.Count, 1, values, "t");

        // Same layout, new values, but the second record's string points past ks_data: found only at the second record.
        var bad = new NamedBuilder().Add("x", KstatDataType.UInt64, BitConverter.GetBytes(99UL)).AddString("s", "new text");
        var bytes = bad.Bytes.ToArray();
        MemoryMarshal.Write(bytes.AsSpan(48 + 40), 4096U);
        Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.Decode(bytes, Base, 2, 2, values, "t"));

        Assert.Equal((1L, 1, 2), (values.SnapTime, values.LayoutVersion, values.Count));
        Assert.Equal(("n", 7UL), (values[0].Name, values[0].UInt64Value));
        Assert.Equal("kept text", values[1].StringValue);
    }

    [Fact]
    public void DecodeOneChecksItsOffset()
    {
        var data = new NamedBuilder().Add("a", KstatDataType.UInt32, BitConverter.GetBytes(7U)).Add("b", KstatDataType.Int32, BitConverter.GetBytes(-7));
        Assert.Equal(-7L, NamedDecoder.DecodeOne(data.Bytes, Base, 2, 48, "t").Int64Value);
        Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.DecodeOne(data.Bytes, Base, 2, 50, "t"));
        Assert.Throws<KstatMalformedDataException>(() => NamedDecoder.DecodeOne(data.Bytes, Base, 2, 96, "t"));
    }

    [Fact]
    public void FixedStructuresCheckTheirSize()
    {
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeIO(new byte[79], 0, "t"));
        Assert.Equal(5UL, RecordDecoder.DecodeIO(BitConverter.GetBytes(5UL).Concat(new byte[72]).ToArray(), 9, "t").BytesRead);
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeInterrupts(new byte[19], 0, "t"));
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeTimers(new byte[159], 2, 0, "t"));
        Assert.Equal(2, RecordDecoder.DecodeTimers(new byte[160], 2, 0, "t").Length);
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeSysInfo(new byte[28], 0, "t"));
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeVmInfo(new byte[40], 0, "t"));
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeVar(new byte[64], 0, "t"));
        Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeMntInfo(new byte[491], 0, "t"));
        var error = Assert.Throws<KstatMalformedDataException>(() => RecordDecoder.DecodeCpuStat(new byte[384], 0, "cpu_stat:0:cpu_stat0"));
        Assert.Contains("sizeof(cpu_stat_t) is 380", error.Message, StringComparison.Ordinal);

        var mntinfo = new byte[492];
        Encoding.ASCII.GetBytes("udp").CopyTo(mntinfo, 0);
        Array.Fill(mntinfo, (byte)'s', 232, 257); // mik_curserver filling SYS_NMLN with no NUL
        var decoded = RecordDecoder.DecodeMntInfo(mntinfo, 0, "t");
        Assert.Equal("udp", decoded.Protocol);
        Assert.Equal(257, decoded.CurrentServer.Length);
    }

    /// <summary>Builds the ks_data of a NAMED kstat: 48-byte records, then the bytes of the STRING values.</summary>
    private sealed class NamedBuilder
    {
        private readonly List<(string Name, KstatDataType Type, byte[] Value, string? Text)> _records = [];

        public uint Count => (uint)_records.Count;

        public ReadOnlySpan<byte> Bytes
        {
            get
            {
                var strings = _records.Where(r => r.Text is not null).Sum(r => Encoding.UTF8.GetByteCount(r.Text!) + 1);
                var bytes = new byte[(_records.Count * 48) + strings];
                var next = _records.Count * 48;
                for (var i = 0; i < _records.Count; i++)
                {
                    var (name, type, value, text) = _records[i];
                    var record = bytes.AsSpan(i * 48, 48);
                    Encoding.UTF8.GetBytes(name).CopyTo(record);
                    record[31] = (byte)type;
                    value.CopyTo(record[32..]);
                    if (text is not null)
                    {
                        var length = Encoding.UTF8.GetBytes(text, bytes.AsSpan(next));
                        MemoryMarshal.Write(record[32..], Base + (ulong)next);
                        MemoryMarshal.Write(record[40..], (uint)(length + 1));
                        next += length + 1;
                    }
                }

                return bytes;
            }
        }

        public NamedBuilder Add(string name, KstatDataType type, ReadOnlySpan<byte> value)
        {
            _records.Add((name, type, value.ToArray(), null));
            return this;
        }

        public NamedBuilder AddString(string name, string text)
        {
            _records.Add((name, KstatDataType.String, [], text));
            return this;
        }

        public NamedBuilder AddNullString(string name)
        {
            _records.Add((name, KstatDataType.String, new byte[16], null));
            return this;
        }
    }
}
