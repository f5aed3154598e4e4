using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>struct var</c> (sys/var.h), the RAW data of <c>unix:0:var</c>: fifteen <c>int</c> tunables, 60 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 60)]
internal struct VarNative
{
    [FieldOffset(0)] public int v_buf;
    [FieldOffset(4)] public int v_call;
    [FieldOffset(8)] public int v_proc;
    [FieldOffset(12)] public int v_maxupttl;
    [FieldOffset(16)] public int v_nglobpris;
    [FieldOffset(20)] public int v_maxsyspri;
    [FieldOffset(24)] public int v_clist;
    [FieldOffset(28)] public int v_maxup;
    [FieldOffset(32)] public int v_hbuf;
    [FieldOffset(36)] public int v_hmask;
    [FieldOffset(40)] public int v_pbuf;
    [FieldOffset(44)] public int v_sptmap;
    [FieldOffset(48)] public int v_maxpmem;
    [FieldOffset(52)] public int v_autoup;
    [FieldOffset(56)] public int v_bufhwm;
}
