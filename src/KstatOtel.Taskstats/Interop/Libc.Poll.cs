using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Interop;

/// <summary>poll(2), and eventfd(2) with read/write, so that a blocked exit listener can be woken up.</summary>
internal static partial class Libc
{
    internal const short POLLIN = 0x1;

    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Name, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static partial nint ReadUInt64(SafeFdHandle fd, out ulong value, nuint count);

    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static partial nint WriteUInt64(SafeFdHandle fd, in ulong value, nuint count);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
