using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Interop;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// An AF_NETLINK / NETLINK_GENERIC socket made through libc: close-on-exec, bound with port id 0 so that the kernel
/// assigns one, and read with MSG_TRUNC so that a datagram larger than the buffer is reported, never silently cut.
/// Only datagrams whose sender is the kernel (port 0) should be trusted; the connection checks the sender.
/// </summary>
internal sealed class NetlinkSocketTransport : INetlinkTransport
{
    private readonly SafeFdHandle _socket;
    private readonly SafeFdHandle _wakeup;

    private NetlinkSocketTransport(SafeFdHandle socket, SafeFdHandle wakeup, uint portId)
    {
        _socket = socket;
        _wakeup = wakeup;
        PortId = portId;
    }

    public uint PortId { get; }

    /// <summary>Opens and binds a generic netlink socket.</summary>
    /// <param name="receiveTimeout">SO_RCVTIMEO for blocking receives; <see cref="TimeSpan.Zero"/> for none.</param>
    /// <param name="receiveBufferBytes">SO_RCVBUF (SO_RCVBUFFORCE when privileged) when above 0.</param>
    public static NetlinkSocketTransport Open(TimeSpan receiveTimeout, int receiveBufferBytes = 0)
    {
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_GENERIC);
        if (fd < 0)
        {
            ThrowHelper.ThrowLastPInvokeError("Creating a generic netlink socket (socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC))");
        }

        var socket = new SafeFdHandle(fd);

        SafeFdHandle? wakeup = null;
        try
        {
            var address = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
            if (Libc.Bind(socket, in address, Libc.SockaddrNl.Size) != 0)
            {
                ThrowHelper.ThrowLastPInvokeError("Binding the netlink socket");
            }

            var length = Libc.SockaddrNl.Size;
            if (Libc.GetSockName(socket, out var bound, ref length) != 0)
            {
                ThrowHelper.ThrowLastPInvokeError("Reading the netlink socket's port id (getsockname)");
            }

            if (receiveTimeout > TimeSpan.Zero)
            {
                var timeval = new Libc.Timeval
                {
                    Seconds = (long)receiveTimeout.TotalSeconds,
                    Microseconds = receiveTimeout.Milliseconds * 1000L,
                };
                if (Libc.SetSockOpt(socket, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, in timeval, (uint)Marshal.SizeOf<Libc.Timeval>()) != 0)
                {
                    ThrowHelper.ThrowLastPInvokeError("Setting the netlink socket's receive timeout");
                }
            }

            if (receiveBufferBytes > 0)
            {
                // SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN, which a taskstats user has anyway.
                if (Libc.SetSockOpt(socket, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, in receiveBufferBytes, sizeof(int)) != 0
                    && Libc.SetSockOpt(socket, Libc.SOL_SOCKET, Libc.SO_RCVBUF, in receiveBufferBytes, sizeof(int)) != 0)
                {
                    ThrowHelper.ThrowLastPInvokeError("Setting the netlink socket's receive buffer size");
                }
            }

            var eventFd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            if (eventFd < 0)
            {
                ThrowHelper.ThrowLastPInvokeError("Creating an eventfd to wake the listener");
            }

            wakeup = new SafeFdHandle(eventFd);

            return new NetlinkSocketTransport(socket, wakeup, bound.PortId);
        }
        catch
        {
            wakeup?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public unsafe int Send(ReadOnlySpan<byte> datagram)
    {
        var kernel = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
        fixed (byte* p = datagram)
        {
            while (true)
            {
                var sent = Libc.SendTo(_socket, p, (nuint)datagram.Length, 0, in kernel, Libc.SockaddrNl.Size);
                if (sent >= 0)
                {
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    public unsafe int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId)
    {
        var flags = Libc.MSG_TRUNC | (nonBlocking ? Libc.MSG_DONTWAIT : 0);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var length = Libc.SockaddrNl.Size;
                var received = Libc.RecvFrom(_socket, p, (nuint)buffer.Length, flags, out var sender, ref length);
                if (received >= 0)
                {
                    senderPortId = sender.PortId;
                    return (int)Math.Min(received, int.MaxValue);
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    senderPortId = 0;
                    return -errno;
                }
            }
        }
    }

    public unsafe bool WaitReadable(int timeoutMilliseconds)
    {
        var socketRef = false;
        var wakeupRef = false;
        try
        {
            _socket.DangerousAddRef(ref socketRef);
            _wakeup.DangerousAddRef(ref wakeupRef);
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { Fd = _socket.Fd, Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = _wakeup.Fd, Events = Libc.POLLIN };
            while (true)
            {
                var ready = Libc.Poll(fds, 2, timeoutMilliseconds);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    ThrowHelper.ThrowErrno(errno, "Waiting for the netlink socket (poll)");
                }

                if (fds[1].Revents != 0)
                {
                    _ = Libc.ReadUInt64(_wakeup, out _, sizeof(ulong));
                    return false;
                }

                return ready > 0 && fds[0].Revents != 0;
            }
        }
        finally
        {
            if (wakeupRef)
            {
                _wakeup.DangerousRelease();
            }

            if (socketRef)
            {
                _socket.DangerousRelease();
            }
        }
    }

    public unsafe bool TryReadDrops(out uint drops)
    {
        var values = stackalloc uint[Libc.SK_MEMINFO_VARS];
        var length = (uint)(Libc.SK_MEMINFO_VARS * sizeof(uint));
        if (Libc.GetSockOpt(_socket, Libc.SOL_SOCKET, Libc.SO_MEMINFO, values, ref length) != 0 || length <= Libc.SK_MEMINFO_DROPS * sizeof(uint))
        {
            drops = 0;
            return false;
        }

        drops = values[Libc.SK_MEMINFO_DROPS];
        return true;
    }

    public void Interrupt()
    {
        if (!_wakeup.IsClosed)
        {
            _ = Libc.WriteUInt64(_wakeup, 1UL, sizeof(ulong));
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _wakeup.Dispose();
    }
}
