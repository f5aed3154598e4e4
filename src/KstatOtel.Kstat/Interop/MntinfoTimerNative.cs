using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary>One element of <c>mik_timers[NFS_CALLTYPES + 1]</c> in <c>struct mntinfo_kstat</c> (nfs/nfs_clnt.h): 12 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct MntinfoTimerNative
{
    [FieldOffset(0)] public uint srtt;
    [FieldOffset(4)] public uint deviate;
    [FieldOffset(8)] public uint rtxcur;
}
