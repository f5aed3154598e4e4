using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>getrusage(2) from libc, for the process-wide context switch counts when taskstats is not used.</summary>
internal static unsafe partial class Libc
{
    /// <summary>RUSAGE_SELF: the calling process, all its threads, including threads that have exited.</summary>
    private const int RusageSelf = 0;

    /// <summary>sizeof(struct rusage) on 64-bit Linux: two struct timeval (16 bytes each) and 14 longs.</summary>
    private const int RusageSize = 144;

    /// <summary>Offset of <c>long ru_nvcsw</c> (the 13th long, after the two timevals) on 64-bit Linux.</summary>
    private const int RuNvcswOffset = 32 + (12 * 8);

    /// <summary>Offset of <c>long ru_nivcsw</c> on 64-bit Linux.</summary>
    private const int RuNivcswOffset = 32 + (13 * 8);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusageCore(int who, byte* usage);

    /// <summary>
    /// The voluntary and involuntary context switches of the whole process (every thread, exited ones included),
    /// from getrusage(RUSAGE_SELF). Returns false with <paramref name="errno"/> when the call fails.
    /// </summary>
    public static bool TryGetSelfContextSwitches(out long voluntary, out long involuntary, out int errno)
    {
        if (IntPtr.Size != 8)
        {
            throw new PlatformNotSupportedException("The struct rusage layout used here is the 64-bit Linux one.");
        }

        var buffer = stackalloc byte[RusageSize];
        if (GetRusageCore(RusageSelf, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            voluntary = involuntary = 0;
            return false;
        }

        errno = 0;
        voluntary = *(long*)(buffer + RuNvcswOffset);
        involuntary = *(long*)(buffer + RuNivcswOffset);
        return true;
    }
}
