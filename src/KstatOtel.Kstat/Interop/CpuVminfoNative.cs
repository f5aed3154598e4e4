using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>cpu_vminfo_t</c> (sys/sysinfo.h): 31 <c>uint_t</c> per-CPU paging counters, 124 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 124)]
internal struct CpuVminfoNative
{
    [FieldOffset(0)] public uint pgrec;
    [FieldOffset(4)] public uint pgfrec;
    [FieldOffset(8)] public uint pgin;
    [FieldOffset(12)] public uint pgpgin;
    [FieldOffset(16)] public uint pgout;
    [FieldOffset(20)] public uint pgpgout;
    [FieldOffset(24)] public uint swapin;
    [FieldOffset(28)] public uint pgswapin;
    [FieldOffset(32)] public uint swapout;
    [FieldOffset(36)] public uint pgswapout;
    [FieldOffset(40)] public uint zfod;
    [FieldOffset(44)] public uint dfree;
    [FieldOffset(48)] public uint scan;
    [FieldOffset(52)] public uint rev;
    [FieldOffset(56)] public uint hat_fault;
    [FieldOffset(60)] public uint as_fault;
    [FieldOffset(64)] public uint maj_fault;
    [FieldOffset(68)] public uint cow_fault;
    [FieldOffset(72)] public uint prot_fault;
    [FieldOffset(76)] public uint softlock;
    [FieldOffset(80)] public uint kernel_asflt;
    [FieldOffset(84)] public uint pgrrun;
    [FieldOffset(88)] public uint execpgin;
    [FieldOffset(92)] public uint execpgout;
    [FieldOffset(96)] public uint execfree;
    [FieldOffset(100)] public uint anonpgin;
    [FieldOffset(104)] public uint anonpgout;
    [FieldOffset(108)] public uint anonfree;
    [FieldOffset(112)] public uint fspgin;
    [FieldOffset(116)] public uint fspgout;
    [FieldOffset(120)] public uint fsfree;
}
