using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>struct mntinfo_kstat</c> (nfs/nfs_clnt.h), the RAW data of <c>nfs:MINOR:mntinfo</c>: KNC_STRSIZE 128, NFS_CALLTYPES 3, SYS_NMLN 257; 492 bytes. <c>mik_timers</c> is spelled out as four fields (lookup, read, write, and one spare).</summary>
[StructLayout(LayoutKind.Explicit, Size = 492)]
internal unsafe struct MntinfoKstatNative
{
    [FieldOffset(0)] public fixed byte mik_proto[128];
    [FieldOffset(128)] public uint mik_vers;
    [FieldOffset(132)] public uint mik_flags;
    [FieldOffset(136)] public uint mik_secmod;
    [FieldOffset(140)] public uint mik_curread;
    [FieldOffset(144)] public uint mik_curwrite;
    [FieldOffset(148)] public int mik_timeo;
    [FieldOffset(152)] public int mik_retrans;
    [FieldOffset(156)] public uint mik_acregmin;
    [FieldOffset(160)] public uint mik_acregmax;
    [FieldOffset(164)] public uint mik_acdirmin;
    [FieldOffset(168)] public uint mik_acdirmax;
    [FieldOffset(172)] public MntinfoTimerNative mik_timers_0;
    [FieldOffset(184)] public MntinfoTimerNative mik_timers_1;
    [FieldOffset(196)] public MntinfoTimerNative mik_timers_2;
    [FieldOffset(208)] public MntinfoTimerNative mik_timers_3;
    [FieldOffset(220)] public uint mik_noresponse;
    [FieldOffset(224)] public uint mik_failover;
    [FieldOffset(228)] public uint mik_remap;
    [FieldOffset(232)] public fixed byte mik_curserver[257];
}
