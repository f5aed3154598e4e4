using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary><c>kstat_intr_t</c> (sys/kstat.h): <c>uint_t intrs[KSTAT_NUM_INTRS]</c>, 20 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 20)]
internal unsafe struct KstatIntrNative
{
    /// <summary><c>KSTAT_NUM_INTRS</c>: hard, soft, watchdog, spurious, multiple service.</summary>
    public const int NumIntrs = 5;

    [FieldOffset(0)] public fixed uint intrs[NumIntrs];
}
