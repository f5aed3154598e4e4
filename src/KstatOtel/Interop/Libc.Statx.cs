using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>
/// statx(2) from libc (glibc 2.28+). Used instead of stat(2) because struct statx has one layout on every
/// architecture, while struct stat differs between x86_64 and arm64.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>AT_EMPTY_PATH: operate on the descriptor itself (an O_PATH descriptor works).</summary>
    public const int AtEmptyPath = 0x1000;

    /// <summary>STATX_SIZE in the request and result masks.</summary>
    public const uint StatxSize = 0x200;

    /// <summary>Size of struct statx (include/uapi/linux/stat.h).</summary>
    private const int StatxBufferSize = 256;

    /// <summary>Offset of <c>__u32 stx_mask</c> in struct statx.</summary>
    private const int StxMaskOffset = 0;

    /// <summary>Offset of <c>__u64 stx_size</c> in struct statx.</summary>
    private const int StxSizeOffset = 40;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int StatxCore(SafeFileDescriptor dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// The st_size of the file an (O_PATH) descriptor names. Returns false with <paramref name="errno"/> set when
    /// statx fails; <paramref name="sizeKnown"/> is false when the kernel did not fill the size.
    /// </summary>
    public static bool TryStatxSize(SafeFileDescriptor fd, out ulong size, out bool sizeKnown, out int errno)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        byte emptyPath = 0;
        int result;
        while ((result = StatxCore(fd, &emptyPath, AtEmptyPath, StatxSize, buffer)) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                size = 0;
                sizeKnown = false;
                return false;
            }
        }

        errno = 0;
        sizeKnown = (*(uint*)(buffer + StxMaskOffset) & StatxSize) != 0;
        size = *(ulong*)(buffer + StxSizeOffset);
        return true;
    }
}
