using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary>
/// <c>kstat_t</c> (sys/kstat.h), amd64 LP64: 184 bytes. libkstat allocates every one; this mirror is only read
/// through pointers from <c>kc_chain</c>/<c>ks_next</c>/<c>kstat_lookup</c>, never allocated or passed in by value.
/// Field names are the C names so the layout test can match them with the compiler's offsetof.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 184)]
internal unsafe struct KstatNative
{
    /// <summary><c>KSTAT_STRLEN</c>: 31 bytes, NUL included, for ks_module, ks_name, ks_class and kstat_named_t.name.</summary>
    public const int StrLen = 31;

    [FieldOffset(0)] public long ks_crtime;
    [FieldOffset(8)] public KstatNative* ks_next;
    [FieldOffset(16)] public int ks_kid;
    [FieldOffset(20)] public fixed byte ks_module[StrLen];
    [FieldOffset(51)] public byte ks_resv;
    [FieldOffset(52)] public int ks_instance;
    [FieldOffset(56)] public fixed byte ks_name[StrLen];
    [FieldOffset(87)] public byte ks_type;
    [FieldOffset(88)] public fixed byte ks_class[StrLen];
    [FieldOffset(119)] public byte ks_flags;
    [FieldOffset(120)] public void* ks_data;
    [FieldOffset(128)] public uint ks_ndata;
    [FieldOffset(136)] public nuint ks_data_size;
    [FieldOffset(144)] public long ks_snaptime;
    [FieldOffset(152)] public nint ks_update;
    [FieldOffset(160)] public void* ks_private;
    [FieldOffset(168)] public nint ks_snapshot;
    [FieldOffset(176)] public void* ks_lock;
}
