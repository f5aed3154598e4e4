using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Interop;

/// <summary>open(2) and close(2): a cgroup directory is passed to the kernel by descriptor.</summary>
internal static partial class Libc
{
    internal const int O_RDONLY = 0;

    /// <summary>
    /// O_DIRECTORY differs by architecture: 040000 (0x4000) on arm, arm64 and powerpc, 0200000 (0x10000) on x86, x86_64
    /// and the generic table (riscv64, s390x, loongarch64). A wrong value would be another flag (O_DIRECT on arm64).
    /// </summary>
    internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le => 0x4000,
        _ => 0x10000,
    };

    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2); returns the descriptor or -1 with errno. (An int, not a SafeHandle: the marshaller would widen -1 to 0xFFFFFFFF.)</summary>
    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
