using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>fstatfs(2) from libc, to tell a real procfs mount from a directory tree that only looks like one.</summary>
internal static unsafe partial class Libc
{
    /// <summary>PROC_SUPER_MAGIC (include/uapi/linux/magic.h).</summary>
    public const long ProcSuperMagic = 0x9fa0;

    /// <summary>Room for struct statfs (120 bytes on x86_64 and arm64).</summary>
    private const int StatfsBufferSize = 256;

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int FStatfsCore(SafeFileDescriptor fd, byte* buffer);

    /// <summary>
    /// The f_type of the filesystem holding <paramref name="fd"/> (an O_PATH descriptor works since Linux 3.12).
    /// f_type is the first member of struct statfs; its magic values fit 32 bits, read from the low bytes.
    /// </summary>
    public static bool TryGetFilesystemType(SafeFileDescriptor fd, out long type, out int errno)
    {
        var buffer = stackalloc byte[StatfsBufferSize];
        if (FStatfsCore(fd, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            type = 0;
            return false;
        }

        errno = 0;
        type = BitConverter.IsLittleEndian ? *(uint*)buffer : (nint.Size == 8 ? *(uint*)(buffer + 4) : *(uint*)buffer);
        return true;
    }
}
