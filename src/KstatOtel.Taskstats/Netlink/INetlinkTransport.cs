namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// One netlink socket, reduced to what the connection and the exit listener need. The real implementation is
/// <see cref="NetlinkSocketTransport"/>; tests put a fake kernel behind this interface to script replies.
/// Errors are returned as negative errno values rather than thrown, so expected conditions (EAGAIN, ENOBUFS, EINTR)
/// cost no exception.
/// </summary>
internal interface INetlinkTransport : IDisposable
{
    /// <summary>The port id the kernel assigned to this socket (nl_pid from getsockname after bind).</summary>
    uint PortId { get; }

    /// <summary>Sends one datagram to the kernel (port 0). Returns 0, or a negative errno.</summary>
    int Send(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/>. Returns the datagram's real length, which is larger than
    /// the buffer when it was truncated (MSG_TRUNC semantics: the rest is lost), or a negative errno (-EAGAIN when
    /// <paramref name="nonBlocking"/> and nothing is queued, or when the receive timeout passed).
    /// </summary>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="nonBlocking">Return -EAGAIN at once rather than wait.</param>
    /// <param name="senderPortId">The sender's port id: 0 for the kernel.</param>
    int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId);

    /// <summary>
    /// Waits until a datagram (or a pending socket error) can be read, <paramref name="timeoutMilliseconds"/> pass
    /// (-1: no limit) or <see cref="Interrupt"/> is called. Returns true when the socket is readable.
    /// </summary>
    bool WaitReadable(int timeoutMilliseconds);

    /// <summary>Wakes a thread blocked in <see cref="WaitReadable"/>, which then returns false.</summary>
    void Interrupt();

    /// <summary>
    /// The datagrams the kernel dropped for this socket since it was made because its receive buffer was full
    /// (SO_MEMINFO SK_MEMINFO_DROPS, a u32 that wraps); false where the kernel does not say.
    /// </summary>
    bool TryReadDrops(out uint drops)
    {
        drops = 0;
        return false;
    }
}
