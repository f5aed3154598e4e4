using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>kstat_ctl_t</c> (libkstat kstat.h), amd64 LP64: 24 bytes. Read through the pointer kstat_open returned.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct KstatCtlNative
{
    [FieldOffset(0)] public int kc_chain_id;
    [FieldOffset(8)] public KstatNative* kc_chain;
    [FieldOffset(16)] public int kc_kd;
}
