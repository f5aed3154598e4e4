using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary>
/// <c>kstat_named_t</c> (sys/kstat.h), amd64 LP64: 48 bytes, the stride of a NAMED kstat's ks_data array.
/// The value union starts at 32; <c>value.c</c> may fill all 16 bytes with no NUL; <c>value.str.addr.ptr</c> (32) and
/// <c>value.str.len</c> (40, strlen + 1) describe a KSTAT_DATA_STRING stored after the array inside ks_data.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal unsafe struct KstatNamedNative
{
    /// <summary>Size of <c>value.c</c>.</summary>
    public const int CharValueLength = 16;

    [FieldOffset(0)] public fixed byte name[KstatNative.StrLen];
    [FieldOffset(31)] public byte data_type;
    [FieldOffset(32)] public fixed byte value_c[CharValueLength];
    [FieldOffset(32)] public int value_i32;
    [FieldOffset(32)] public uint value_ui32;
    [FieldOffset(32)] public long value_i64;
    [FieldOffset(32)] public ulong value_ui64;
    [FieldOffset(32)] public long value_l;
    [FieldOffset(32)] public ulong value_ul;
    [FieldOffset(32)] public long value_ll;
    [FieldOffset(32)] public ulong value_ull;
    [FieldOffset(32)] public float value_f;
    [FieldOffset(32)] public double value_d;
    [FieldOffset(32)] public byte* value_str_addr_ptr;
    [FieldOffset(40)] public uint value_str_len;
}
