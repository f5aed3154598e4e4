using KstatOtel.Taskstats.Interop;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>
/// A second, real NETLINK_GENERIC socket standing for another local process: it sends datagrams straight to the port
/// of one of the client's sockets, as any process holding CAP_NET_ADMIN can.
/// </summary>
internal sealed unsafe class ForeignSocket : IDisposable
{
    private readonly SafeFdHandle _socket;

    public ForeignSocket()
    {
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_GENERIC);
        Assert.True(fd >= 0, "socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC)");
        _socket = new SafeFdHandle(fd);
        var address = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
        Assert.Equal(0, Libc.Bind(_socket, in address, Libc.SockaddrNl.Size));
        var length = Libc.SockaddrNl.Size;
        Assert.Equal(0, Libc.GetSockName(_socket, out var bound, ref length));
        PortId = bound.PortId;
        Assert.NotEqual(0u, PortId);
    }

    /// <summary>The port id the kernel gave this socket: what the receiver sees as the sender.</summary>
    public uint PortId { get; }

    /// <summary>Sends <paramref name="datagram"/> to the socket bound to <paramref name="port"/>.</summary>
    public void SendTo(uint port, byte[] datagram)
    {
        var target = new Libc.SockaddrNl { Family = Libc.AF_NETLINK, PortId = port };
        fixed (byte* p = datagram)
        {
            var sent = Libc.SendTo(_socket, p, (nuint)datagram.Length, 0, in target, Libc.SockaddrNl.Size);
            Assert.True(sent == datagram.Length, $"sendto port {port}: {sent} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
    }

    public void Dispose() => _socket.Dispose();
}
