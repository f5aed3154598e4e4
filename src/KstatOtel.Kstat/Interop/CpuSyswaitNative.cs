using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>cpu_syswait_t</c> (sys/sysinfo.h): three <c>int</c> gauges, 12 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct CpuSyswaitNative
{
    [FieldOffset(0)] public int iowait;
    [FieldOffset(4)] public int swap;
    [FieldOffset(8)] public int physio;
}
