using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>kstat_io_t</c> (sys/kstat.h): 80 bytes; times are nanoseconds, folded up to ks_snaptime by the kernel.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct KstatIoNative
{
    [FieldOffset(0)] public ulong nread;
    [FieldOffset(8)] public ulong nwritten;
    [FieldOffset(16)] public uint reads;
    [FieldOffset(20)] public uint writes;
    [FieldOffset(24)] public long wtime;
    [FieldOffset(32)] public long wlentime;
    [FieldOffset(40)] public long wlastupdate;
    [FieldOffset(48)] public long rtime;
    [FieldOffset(56)] public long rlentime;
    [FieldOffset(64)] public long rlastupdate;
    [FieldOffset(72)] public uint wcnt;
    [FieldOffset(76)] public uint rcnt;
}
