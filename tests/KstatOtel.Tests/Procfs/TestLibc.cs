using System.Runtime.InteropServices;

namespace KstatOtel.Tests.Procfs;

/// <summary>libc calls the procfs tests use to cross-check what the parsers read.</summary>
internal static unsafe partial class TestLibc
{
    private const int PrSetName = 15;
    private const int RlimitNofile = 7;

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, byte* arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, ulong* limits);

    /// <summary>Sets the calling thread's comm (PR_SET_NAME; the kernel keeps the first 15 bytes).</summary>
    public static void SetThreadName(ReadOnlySpan<byte> name)
    {
        var buffer = stackalloc byte[16];
        new Span<byte>(buffer, 16).Clear();
        name[..Math.Min(15, name.Length)].CopyTo(new Span<byte>(buffer, 15));
        if (Prctl(PrSetName, buffer, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException($"prctl(PR_SET_NAME) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>RLIMIT_NOFILE soft and hard (RLIM_INFINITY is ulong.MaxValue).</summary>
    public static (ulong Soft, ulong Hard) GetOpenFilesLimit()
    {
        var limits = stackalloc ulong[2];
        if (GetRlimit(RlimitNofile, limits) != 0)
        {
            throw new InvalidOperationException($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (limits[0], limits[1]);
    }
}
