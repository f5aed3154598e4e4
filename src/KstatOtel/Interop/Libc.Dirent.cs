using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>
/// getdents64(2) from libc (glibc 2.30+): reads raw <c>struct linux_dirent64</c> records, whose layout is the same
/// on every architecture: <c>u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]</c> (NUL-terminated).
/// </summary>
internal static unsafe partial class Libc
{
    public const int DirentReclenOffset = 16;
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64Core(SafeFileDescriptor fd, byte* buffer, nuint count);

    /// <summary>Reads directory records into <paramref name="buffer"/>; 0 at the end, -1 with <paramref name="errno"/> on failure.</summary>
    public static nint GetDents64(SafeFileDescriptor fd, Span<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = GetDents64Core(fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    errno = 0;
                    return n;
                }

                errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return -1;
                }
            }
        }
    }
}
