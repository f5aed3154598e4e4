using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>open(2), pread(2), lseek(2) and close(2) from libc.</summary>
internal static unsafe partial class Libc
{
    /// <summary>O_RDONLY: the same value on every Linux architecture.</summary>
    public const int ORdOnly = 0;

    /// <summary>O_CLOEXEC (02000000): the same value on x86, x86_64, arm and arm64.</summary>
    public const int OCloExec = 0x80000;

    /// <summary>O_PATH (010000000): a descriptor that only names a file, for fstat/statx; no read permission needed.</summary>
    public const int OPath = 0x200000;

    public const int SeekSet = 0;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCore(string path, int flags);

    /// <summary>open(2), retried on EINTR. Returns the descriptor or -1 with the errno in <paramref name="errno"/>.</summary>
    public static int Open(string path, int flags, out int errno)
    {
        while (true)
        {
            var fd = OpenCore(path, flags);
            if (fd >= 0)
            {
                errno = 0;
                return fd;
            }

            errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                return -1;
            }
        }
    }

    /// <summary>pread(2) into <paramref name="buffer"/>, retried on EINTR. Returns the bytes read, or -1 with <paramref name="errno"/>.</summary>
    public static nint PRead(SafeFileDescriptor fd, Span<byte> buffer, long offset, out int errno)
    {
        // What the marshaller would do for a SafeHandle argument: keep the descriptor from closing during the call.
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            return PRead((int)fd.DangerousGetHandle(), buffer, offset, out errno);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PReadRawCore(int fd, byte* buffer, nuint count, long offset);

    /// <summary>
    /// pread(2) on a raw descriptor the caller opened and closes itself right away (no SafeHandle to allocate),
    /// retried on EINTR. Returns the bytes read, or -1 with <paramref name="errno"/>.
    /// </summary>
    public static nint PRead(int fd, Span<byte> buffer, long offset, out int errno)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = PReadRawCore(fd, p, (nuint)buffer.Length, offset);
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

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeekCore(SafeFileDescriptor fd, long offset, int whence);

    /// <summary>lseek(2). Returns the new offset, or -1 with <paramref name="errno"/>.</summary>
    public static long LSeek(SafeFileDescriptor fd, long offset, int whence, out int errno)
    {
        var result = LSeekCore(fd, offset, whence);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
