using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Interop;

namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// Request/reply over one netlink socket. Each exchange sends a request with a fresh sequence number and accepts only
/// datagrams from the kernel (sender port 0) whose messages echo that sequence number and this socket's port id.
/// NLMSG_ERROR becomes an errno result (0 is an acknowledgement), multi-part replies run to NLMSG_DONE, and a
/// datagram larger than the receive buffer (seen through MSG_TRUNC) grows the buffer and repeats the request once:
/// a reply is never silently cut. Not thread-safe: the owner serialises calls.
/// </summary>
internal sealed class NetlinkConnection : IDisposable
{
    /// <summary>Large enough for any taskstats reply (under 2 KiB) and for the family reply of any genetlink family.</summary>
    internal const int DefaultReceiveBufferSize = 16 * 1024;

    /// <summary>A datagram claiming to be larger than this is treated as malformed rather than allocated for.</summary>
    internal const int MaxReceiveBufferSize = 16 * 1024 * 1024;

    private readonly INetlinkTransport _transport;
    private readonly byte[] _request = new byte[4096];
    private byte[] _receive;
    private uint _sequence;
    private long _foreignDatagrams;
    private bool _dirty;
    private bool _disposed;

    public NetlinkConnection(INetlinkTransport transport, int receiveBufferSize = DefaultReceiveBufferSize)
    {
        _transport = transport;
        _receive = new byte[receiveBufferSize];
    }

    /// <summary>This socket's port id, which replies must carry in nlmsg_pid.</summary>
    public uint PortId => _transport.PortId;

    /// <summary>
    /// Datagrams dropped because another socket sent them, not the kernel (sender port id not 0): a local process
    /// with CAP_NET_ADMIN can send to this socket's port, and such a datagram is never taken for a reply.
    /// </summary>
    public long ForeignDatagrams => Interlocked.Read(ref _foreignDatagrams);

    /// <summary>The current size of the receive buffer (it grows when a reply did not fit).</summary>
    public int ReceiveBufferSize => _receive.Length;

    /// <summary>Starts a request with the next sequence number in the connection's request buffer.</summary>
    public NetlinkRequestBuilder BeginRequest(ushort type, ushort flags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (++_sequence == 0)
        {
            _sequence = 1;
        }

        return new NetlinkRequestBuilder(_request, type, (ushort)(flags | NetlinkConstants.NLM_F_REQUEST), _sequence, _transport.PortId);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and feeds the data messages of the reply to <paramref name="handler"/>.
    /// Returns 0 when the reply completed, or the positive errno of an NLMSG_ERROR reply.
    /// </summary>
    /// <param name="request">A finished request from <see cref="BeginRequest"/>.</param>
    /// <param name="handler">Receives each data message.</param>
    /// <param name="operation">What the request does, for error messages ("Querying PID 42").</param>
    public int Execute<THandler>(ReadOnlySpan<byte> request, ref THandler handler, string operation)
        where THandler : struct, INetlinkReplyHandler, allows ref struct
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_dirty)
        {
            Drain();
        }

        var header = NetlinkMessageHeader.Read(request);
        var ackRequested = (header.Flags & NetlinkConstants.NLM_F_ACK) != 0;

        _dirty = true;
        for (var attempt = 0; ; attempt++)
        {
            var sent = _transport.Send(request);
            if (sent < 0)
            {
                ThrowHelper.ThrowErrno(-sent, operation + ": sending the netlink request");
            }

            var result = ReceiveReply(header.Sequence, ackRequested, ref handler, operation, out var truncatedLength);
            if (truncatedLength == 0)
            {
                _dirty = false;
                return result;
            }

            // A datagram did not fit: its tail is gone. Grow, drop what is left of this reply, and ask again once.
            if (attempt > 0)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"{operation}: a reply datagram of {truncatedLength} bytes was truncated again after the receive buffer grew to {_receive.Length} bytes."));
            }

            _receive = new byte[NetlinkConstants.Align(truncatedLength)];
            Drain();
        }
    }

    private int ReceiveReply<THandler>(uint sequence, bool ackRequested, ref THandler handler, string operation, out int truncatedLength)
        where THandler : struct, INetlinkReplyHandler, allows ref struct
    {
        truncatedLength = 0;
        while (true)
        {
            var length = _transport.Receive(_receive, nonBlocking: false, out var sender);
            if (length < 0)
            {
                var errno = -length;
                if (errno == Errno.EAGAIN)
                {
                    ThrowHelper.ThrowErrno(Errno.ETIMEDOUT, operation + ": waiting for the kernel's reply");
                }

                ThrowHelper.ThrowErrno(errno, operation + ": receiving the netlink reply");
            }

            if (sender != 0)
            {
                // Another local process (with CAP_NET_ADMIN) may send to our port; only the kernel's datagrams are replies.
                CountForeign(sender);
                continue;
            }

            if (length > _receive.Length)
            {
                if (length > MaxReceiveBufferSize)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                        $"{operation}: the kernel reported a reply datagram of {length} bytes, above the {MaxReceiveBufferSize}-byte limit."));
                }

                truncatedLength = length;
                return 0;
            }

            if (length == 0)
            {
                ThrowHelper.ThrowProtocol($"{operation}: the reply datagram is empty (0 bytes).");
            }

            var reader = new NetlinkMessageReader(_receive.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.Header.Sequence != sequence)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                        $"{operation}: the reply at offset {message.Offset} has sequence number {message.Header.Sequence}, but the request had {sequence}."));
                }

                if (message.Header.PortId != _transport.PortId)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                        $"{operation}: the reply at offset {message.Offset} is addressed to port {message.Header.PortId}, but this socket is port {_transport.PortId}."));
                }

                switch (message.Header.Type)
                {
                    case NetlinkConstants.NLMSG_NOOP:
                        continue;
                    case NetlinkConstants.NLMSG_ERROR:
                        return ReadError(message, operation);
                    case NetlinkConstants.NLMSG_DONE:
                        return 0;
                    case < NetlinkConstants.NLMSG_MIN_TYPE:
                        ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                            $"{operation}: unexpected netlink control message type {message.Header.Type} at offset {message.Offset}."));
                        break;
                    default:
                        handler.OnMessage(message);
                        if ((message.Header.Flags & NetlinkConstants.NLM_F_MULTI) == 0 && !ackRequested)
                        {
                            return 0;
                        }

                        break;
                }
            }
        }
    }

    private static int ReadError(NetlinkMessage message, string operation)
    {
        if (message.Payload.Length < sizeof(int))
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"{operation}: NLMSG_ERROR at offset {message.Offset} carries {message.Payload.Length} bytes; the error code alone needs 4."));
        }

        var error = MemoryMarshal.Read<int>(message.Payload);
        if (error > 0 || error == int.MinValue)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"{operation}: NLMSG_ERROR at offset {message.Offset} carries error code {error}; the kernel sends 0 or a negative errno."));
        }

        return -error;
    }

    /// <summary>Discards whatever is queued on the socket (left over from an exchange that failed part-way).</summary>
    private void Drain()
    {
        for (var i = 0; i < 1024; i++)
        {
            if (_transport.Receive(_receive, nonBlocking: true, out var sender) < 0)
            {
                break;
            }

            if (sender != 0)
            {
                CountForeign(sender);
            }
        }

        _dirty = false;
    }

    private void CountForeign(uint sender)
    {
        // Every datagram counted; reported at the 1st, 2nd, 4th, 8th...: a flood of them is no flood of events.
        var dropped = Interlocked.Increment(ref _foreignDatagrams);
        if (BitOperations.IsPow2(dropped))
        {
            TaskstatsEventSource.Log.ForeignDatagramDropped("query", _transport.PortId, sender, dropped);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transport.Dispose();
        }
    }
}
