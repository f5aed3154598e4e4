using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>cpu_stat_t</c> (sys/sysinfo.h), the RAW data of <c>cpu_stat:N:cpu_statN</c>: a lock word, then sysinfo (8), syswait (244) and vminfo (256), 380 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 380)]
internal unsafe struct CpuStatNative
{
    [FieldOffset(0)] public fixed uint __cpu_stat_lock[2];
    [FieldOffset(8)] public CpuSysinfoNative cpu_sysinfo;
    [FieldOffset(244)] public CpuSyswaitNative cpu_syswait;
    [FieldOffset(256)] public CpuVminfoNative cpu_vminfo;
}
