using System.Runtime.InteropServices;

namespace KstatOtel.Taskstats.Interop;

/// <summary>
/// Sockets through libc: System.Net.Sockets cannot create or bind AF_NETLINK sockets (the runtime treats family 16 as
/// AppleTalk), so the netlink socket is created, bound, read and written here.
/// </summary>
internal static partial class Libc
{
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int NETLINK_GENERIC = 16;

    internal const int SOL_SOCKET = 1;
    internal const int SO_RCVBUF = 8;
    internal const int SO_RCVTIMEO = 20;
    internal const int SO_RCVBUFFORCE = 33;
    internal const int SO_MEMINFO = 55;

    /// <summary>The u32 slots SO_MEMINFO fills (SK_MEMINFO_VARS) and the one counting dropped datagrams (SK_MEMINFO_DROPS).</summary>
    internal const int SK_MEMINFO_VARS = 9;
    internal const int SK_MEMINFO_DROPS = 8;

    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(Name, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Name, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeFdHandle fd, in SockaddrNl address, uint addressLength);

    [LibraryImport(Name, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSockName(SafeFdHandle fd, out SockaddrNl address, ref uint addressLength);

    [LibraryImport(Name, EntryPoint = "sendto", SetLastError = true)]
    internal static unsafe partial nint SendTo(SafeFdHandle fd, byte* buffer, nuint length, int flags, in SockaddrNl address, uint addressLength);

    [LibraryImport(Name, EntryPoint = "recvfrom", SetLastError = true)]
    internal static unsafe partial nint RecvFrom(SafeFdHandle fd, byte* buffer, nuint length, int flags, out SockaddrNl address, ref uint addressLength);

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeFdHandle fd, int level, int name, in int value, uint valueLength);

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeFdHandle fd, int level, int name, in Timeval value, uint valueLength);

    [LibraryImport(Name, EntryPoint = "getsockopt", SetLastError = true)]
    internal static unsafe partial int GetSockOpt(SafeFdHandle fd, int level, int name, void* value, ref uint valueLength);

    /// <summary>struct sockaddr_nl: 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;

        public const uint Size = 12;
    }

    /// <summary>struct timeval on LP64.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timeval
    {
        public long Seconds;
        public long Microseconds;
    }
}
