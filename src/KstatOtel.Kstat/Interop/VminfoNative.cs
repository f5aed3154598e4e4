using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>vminfo_t</c> (sys/sysinfo.h), the RAW data of <c>unix:0:vminfo</c>: six <c>uint64_t</c> page counts accumulated once a second, 48 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct VminfoNative
{
    [FieldOffset(0)] public ulong freemem;
    [FieldOffset(8)] public ulong swap_resv;
    [FieldOffset(16)] public ulong swap_alloc;
    [FieldOffset(24)] public ulong swap_avail;
    [FieldOffset(32)] public ulong swap_free;
    [FieldOffset(40)] public ulong updates;
}
