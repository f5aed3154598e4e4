using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Interop;

/// <summary>open(2) and close(2): a cgroup directory is passed to the kernel by descriptor.</summary>
internal static partial class Libc
{
    internal const int O_RDONLY = 0;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2); returns the descriptor or -1 with errno. (An int, not a SafeHandle: the marshaller would widen -1 to 0xFFFFFFFF.)</summary>
    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
