using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>kstat_timer_t</c> (sys/kstat.h): 80 bytes, the stride of a TIMER kstat's ks_data array.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct KstatTimerNative
{
    [FieldOffset(0)] public fixed byte name[KstatNative.StrLen];
    [FieldOffset(31)] public byte resv;
    [FieldOffset(32)] public ulong num_events;
    [FieldOffset(40)] public long elapsed_time;
    [FieldOffset(48)] public long min_time;
    [FieldOffset(56)] public long max_time;
    [FieldOffset(64)] public long start_time;
    [FieldOffset(72)] public long stop_time;
}
