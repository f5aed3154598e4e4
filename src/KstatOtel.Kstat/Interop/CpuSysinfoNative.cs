using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>cpu_sysinfo_t</c> (sys/sysinfo.h): 59 <c>uint_t</c> per-CPU counters (32-bit, they wrap), 236 bytes; <c>cpu[]</c> is indexed IDLE 0, USER 1, KERNEL 2, WAIT 3 (ticks), <c>wait[]</c> IO 0, SWAP 1, PIO 2.</summary>
[StructLayout(LayoutKind.Explicit, Size = 236)]
internal unsafe struct CpuSysinfoNative
{
    [FieldOffset(0)] public fixed uint cpu[4];
    [FieldOffset(16)] public fixed uint wait[3];
    [FieldOffset(28)] public uint bread;
    [FieldOffset(32)] public uint bwrite;
    [FieldOffset(36)] public uint lread;
    [FieldOffset(40)] public uint lwrite;
    [FieldOffset(44)] public uint phread;
    [FieldOffset(48)] public uint phwrite;
    [FieldOffset(52)] public uint pswitch;
    [FieldOffset(56)] public uint trap;
    [FieldOffset(60)] public uint intr;
    [FieldOffset(64)] public uint syscall;
    [FieldOffset(68)] public uint sysread;
    [FieldOffset(72)] public uint syswrite;
    [FieldOffset(76)] public uint sysfork;
    [FieldOffset(80)] public uint sysvfork;
    [FieldOffset(84)] public uint sysexec;
    [FieldOffset(88)] public uint readch;
    [FieldOffset(92)] public uint writech;
    [FieldOffset(96)] public uint rcvint;
    [FieldOffset(100)] public uint xmtint;
    [FieldOffset(104)] public uint mdmint;
    [FieldOffset(108)] public uint rawch;
    [FieldOffset(112)] public uint canch;
    [FieldOffset(116)] public uint outch;
    [FieldOffset(120)] public uint msg;
    [FieldOffset(124)] public uint sema;
    [FieldOffset(128)] public uint namei;
    [FieldOffset(132)] public uint ufsiget;
    [FieldOffset(136)] public uint ufsdirblk;
    [FieldOffset(140)] public uint ufsipage;
    [FieldOffset(144)] public uint ufsinopage;
    [FieldOffset(148)] public uint inodeovf;
    [FieldOffset(152)] public uint fileovf;
    [FieldOffset(156)] public uint procovf;
    [FieldOffset(160)] public uint intrthread;
    [FieldOffset(164)] public uint intrblk;
    [FieldOffset(168)] public uint idlethread;
    [FieldOffset(172)] public uint inv_swtch;
    [FieldOffset(176)] public uint nthreads;
    [FieldOffset(180)] public uint cpumigrate;
    [FieldOffset(184)] public uint xcalls;
    [FieldOffset(188)] public uint mutex_adenters;
    [FieldOffset(192)] public uint rw_rdfails;
    [FieldOffset(196)] public uint rw_wrfails;
    [FieldOffset(200)] public uint modload;
    [FieldOffset(204)] public uint modunload;
    [FieldOffset(208)] public uint bawrite;
    [FieldOffset(212)] public uint rw_enters;
    [FieldOffset(216)] public uint win_uo_cnt;
    [FieldOffset(220)] public uint win_uu_cnt;
    [FieldOffset(224)] public uint win_so_cnt;
    [FieldOffset(228)] public uint win_su_cnt;
    [FieldOffset(232)] public uint win_suo_cnt;
}
