using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>sysinfo_t</c> (sys/sysinfo.h), the RAW data of <c>unix:0:sysinfo</c>: six <c>uint_t</c> accumulated once a second, 24 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct SysinfoNative
{
    [FieldOffset(0)] public uint updates;
    [FieldOffset(4)] public uint runque;
    [FieldOffset(8)] public uint runocc;
    [FieldOffset(12)] public uint swpque;
    [FieldOffset(16)] public uint swpocc;
    [FieldOffset(20)] public uint waiting;
}
