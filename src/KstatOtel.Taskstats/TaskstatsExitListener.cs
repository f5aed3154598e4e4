using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Interop;
using KstatOtel.Taskstats.Netlink;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>
/// Receives a record for every task that exits on the CPUs it registered (TASKSTATS_CMD_ATTR_REGISTER_CPUMASK), the way
/// getdelays -l does, on a socket of its own. Made by <see cref="TaskstatsClient.OpenExitListener"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each exiting task gives a <see cref="TaskStatsScope.Task"/> record with its exit status. When the last thread of a
/// process that ever had more than one thread exits, a <see cref="TaskStatsScope.ThreadGroup"/> record for the whole
/// process follows it. A single-threaded process gives only its task record (flagged
/// <see cref="TaskAccountingBits.LastInGroup"/>). Ids are those of the initial PID namespace. There is no ordering across CPUs.
/// </para>
/// <para>
/// When exits arrive faster than they are read, the kernel drops records and reports ENOBUFS; the listener counts it in
/// <see cref="LostRecords"/>, logs an EventSource warning, and goes on. Receiving is allocation-free: records are decoded
/// from a reused buffer into the caller's variable. One thread should receive at a time; <see cref="Dispose"/> may be
/// called from another thread and wakes a blocked receiver, which then throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class TaskstatsExitListener : IDisposable
{
    /// <summary>The receive buffer asked for by default: 4 MiB, room for a few thousand exit records.</summary>
    public const int DefaultReceiveBufferBytes = 4 * 1024 * 1024;

    private const uint RegisterSequence = 1;
    private const uint DeregisterSequence = 2;

    private readonly INetlinkTransport _transport;
    private readonly ushort _familyId;
    private readonly Lock _receiveLock = new();
    private readonly Queue<byte[]> _early = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _datagramLength;
    private int _nextMessage;
    private TaskStats _pending;
    private bool _hasPending;
    private long _lostRecords;
    private long _lossReports;
    private long _oversized;
    private long _socketDrops;
    private uint _lastDrops;
    private bool _dropsUnread;
    private long _foreignDatagrams;
    private int _disposed;

    private TaskstatsExitListener(INetlinkTransport transport, ushort familyId, string cpuMask)
    {
        _transport = transport;
        _familyId = familyId;
        CpuMask = cpuMask;
    }

    /// <summary>The CPUs this listener registered, in cpulist syntax.</summary>
    public string CpuMask { get; }

    /// <summary>
    /// Exit records lost so far: the datagrams the kernel dropped because the receive buffer was full (its drop counter
    /// for this socket, SO_MEMINFO; one datagram carries one exit, with the thread-group record of a process's last
    /// thread), plus each datagram too large for the listener's buffer. Where the kernel does not give its drop counter,
    /// a lower bound: each ENOBUFS report (one or more records dropped) counts one. Brought up to date when the kernel
    /// reports ENOBUFS and again when a receive next finds the socket empty.
    /// </summary>
    public long LostRecords => Interlocked.Read(ref _lostRecords);

    /// <summary>
    /// Datagrams dropped because another socket sent them, not the kernel (sender port id not 0): a local process with
    /// CAP_NET_ADMIN can send to this listener's port, and what it sends is never taken for an exit record.
    /// </summary>
    internal long ForeignDatagramsDropped => Interlocked.Read(ref _foreignDatagrams);

    /// <summary>The port id the kernel assigned to the listener's socket.</summary>
    internal uint PortId => _transport.PortId;

    /// <summary>Registers <paramref name="cpuMask"/> on <paramref name="transport"/> and waits for the kernel's acknowledgement.</summary>
    internal static TaskstatsExitListener Register(INetlinkTransport transport, ushort familyId, string cpuMask)
    {
        var listener = new TaskstatsExitListener(transport, familyId, cpuMask);
        var errno = listener.SendMaskCommand(TaskstatsCommands.TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, RegisterSequence, waitForAck: true);
        if (errno != 0)
        {
            throw RegistrationException(errno, cpuMask);
        }

        return listener;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next exit record.
    /// </summary>
    /// <param name="record">The record; the default value when the result is false.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit, <see cref="TimeSpan.Zero"/> to poll.</param>
    /// <returns>True with a record, false when the timeout passed.</returns>
    /// <exception cref="ObjectDisposedException">The listener was disposed, possibly while waiting.</exception>
    /// <exception cref="TaskstatsProtocolException">A malformed record; the listener stays usable and moves on to the next one.</exception>
    /// <exception cref="TaskstatsException">The socket failed.</exception>
    public bool TryReceive(out TaskStats record, TimeSpan timeout)
    {
        var milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (long)timeout.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, -1, nameof(timeout));
        return ReceiveCore(out record, milliseconds, CancellationToken.None);
    }

    /// <summary>Waits for the next exit record.</summary>
    /// <param name="cancellationToken">Stops the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The listener was disposed, possibly while waiting.</exception>
    /// <exception cref="TaskstatsProtocolException">A malformed record; the listener stays usable and moves on to the next one.</exception>
    /// <exception cref="TaskstatsException">The socket failed.</exception>
    public TaskStats Receive(CancellationToken cancellationToken = default)
    {
        ReceiveCore(out var record, -1, cancellationToken);
        return record;
    }

    /// <summary>Deregisters the CPU mask, closes the socket and wakes a receiver blocked in another thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _transport.Interrupt();
        lock (_receiveLock)
        {
            try
            {
                // The kernel would drop this listener lazily when sending to a closed port fails; deregistering is cleaner.
                SendMaskCommand(TaskstatsCommands.TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, DeregisterSequence, waitForAck: false);
            }
            catch (TaskstatsException)
            {
            }

            _transport.Dispose();
        }
    }

    private bool ReceiveCore(out TaskStats record, long timeoutMilliseconds, CancellationToken cancellationToken)
    {
        lock (_receiveLock)
        {
            ThrowIfDisposed();
            if (_hasPending)
            {
                record = _pending;
                _hasPending = false;
                return true;
            }

            var deadline = timeoutMilliseconds < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMilliseconds;
            while (true)
            {
                if (NextRecord(out record))
                {
                    return true;
                }

                if (_early.Count > 0)
                {
                    var early = _early.Dequeue();
                    early.CopyTo(_buffer, 0);
                    _datagramLength = early.Length;
                    _nextMessage = 0;
                    continue;
                }

                var length = _transport.Receive(_buffer, nonBlocking: true, out var sender);
                if (length == -Errno.EAGAIN)
                {
                    // Drained: what the kernel dropped since its last ENOBUFS report is counted before waiting. (It
                    // reports once per congestion, which lasts until the queue is empty: all its drops are counted now.)
                    if (_dropsUnread)
                    {
                        _dropsUnread = false;
                        UpdateLost();
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    var remaining = -1L;
                    if (deadline != long.MaxValue)
                    {
                        remaining = deadline - Environment.TickCount64;
                        if (remaining <= 0)
                        {
                            record = default;
                            return false;
                        }
                    }

                    Wait((int)Math.Min(remaining, int.MaxValue), cancellationToken);
                    continue;
                }

                if (length == -Errno.ENOBUFS)
                {
                    CountLoss(report: true);
                    continue;
                }

                if (length < 0)
                {
                    ThrowHelper.ThrowErrno(-length, "Receiving exit records");
                }

                if (sender != 0)
                {
                    CountForeign(sender); // Not from the kernel.
                    continue;
                }

                if (length > _buffer.Length)
                {
                    CountLoss(report: false);
                    _buffer = new byte[Math.Min(NetlinkConstants.Align(length), NetlinkConnection.MaxReceiveBufferSize)];
                    continue;
                }

                _datagramLength = length;
                _nextMessage = 0;
            }
        }
    }

    private void Wait(int timeoutMilliseconds, CancellationToken cancellationToken)
    {
        CancellationTokenRegistration registration = default;
        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.UnsafeRegister(static state => ((INetlinkTransport)state!).Interrupt(), _transport);
        }

        try
        {
            _transport.WaitReadable(timeoutMilliseconds);
        }
        finally
        {
            registration.Dispose();
        }

        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Decodes the next exit record from the current datagram; false when it holds no more.</summary>
    private bool NextRecord(out TaskStats record)
    {
        while (_nextMessage < _datagramLength)
        {
            var start = _nextMessage;
            _nextMessage = _datagramLength; // A malformed message abandons the rest of its datagram.
            var reader = new NetlinkMessageReader(_buffer.AsSpan(start, _datagramLength - start));
            if (!reader.TryRead(out var message))
            {
                break;
            }

            _nextMessage = start + reader.Offset;
            if (message.Header.Type != _familyId || message.Header.PortId != 0)
            {
                continue; // Acknowledgements, NOOP/DONE, or anything not an exit record.
            }

            Unsafe.SkipInit(out record);
            var records = new TaskstatsRecordReader(message.Payload, isExitRecord: true, start + message.Offset);
            try
            {
                records.TryRead(ref record);
                _hasPending = records.TryRead(ref _pending);
                if (_hasPending)
                {
                    records.EnsureEnd();
                }
            }
            catch (TaskstatsProtocolException)
            {
                _hasPending = false;
                throw;
            }

            return true;
        }

        record = default;
        return false;
    }

    /// <summary>An ENOBUFS report (<paramref name="report"/>) or a datagram too large for the buffer.</summary>
    private void CountLoss(bool report)
    {
        if (report)
        {
            _lossReports++;
            _dropsUnread = true;
        }
        else
        {
            _oversized++;
        }

        UpdateLost();
    }

    /// <summary>Brings <see cref="LostRecords"/> up to date with the kernel's drop counter; reports an increase. Under the receive lock.</summary>
    private void UpdateLost()
    {
        if (_transport.TryReadDrops(out var drops))
        {
            _socketDrops += unchecked(drops - _lastDrops); // a u32 in the kernel: the difference survives its wrap
            _lastDrops = drops;
        }

        var lost = Math.Max(_lossReports, _socketDrops) + _oversized;
        if (lost > _lostRecords)
        {
            Volatile.Write(ref _lostRecords, lost);
            TaskstatsEventSource.Log.ExitRecordsLost(CpuMask, lost);
        }
    }

    private void CountForeign(uint sender)
    {
        // Every datagram counted; reported at the 1st, 2nd, 4th, 8th...: a flood of them is no flood of events.
        var dropped = Interlocked.Increment(ref _foreignDatagrams);
        if (BitOperations.IsPow2(dropped))
        {
            TaskstatsEventSource.Log.ForeignDatagramDropped("exit listener", _transport.PortId, sender, dropped);
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowHelper.ThrowObjectDisposed(this);
        }
    }

    /// <summary>Sends REGISTER or DEREGISTER for <see cref="CpuMask"/>; with <paramref name="waitForAck"/>, returns the kernel's errno.</summary>
    private int SendMaskCommand(ushort attribute, uint sequence, bool waitForAck)
    {
        var request = new byte[NetlinkConstants.Align(CpuMask.Length + 1) + 64];
        var builder = new NetlinkRequestBuilder(request, _familyId, (ushort)(NetlinkConstants.NLM_F_REQUEST | (waitForAck ? NetlinkConstants.NLM_F_ACK : 0)), sequence, _transport.PortId);
        TaskstatsClient.AppendGenlHeader(ref builder, TaskstatsCommands.TASKSTATS_CMD_GET);
        builder.AddString(attribute, CpuMask);
        var sent = _transport.Send(builder.Finish());
        if (sent < 0)
        {
            return -sent;
        }

        return waitForAck ? WaitForAck(sequence) : 0;
    }

    /// <summary>Reads until the acknowledgement of <paramref name="sequence"/>, keeping any exit records that arrive first.</summary>
    private int WaitForAck(uint sequence)
    {
        var deadline = Environment.TickCount64 + (long)TaskstatsClient.ReplyTimeout.TotalMilliseconds;
        while (true)
        {
            var length = _transport.Receive(_buffer, nonBlocking: true, out var sender);
            if (length == -Errno.EAGAIN)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return Errno.ETIMEDOUT;
                }

                _transport.WaitReadable((int)remaining);
                continue;
            }

            if (length == -Errno.ENOBUFS)
            {
                CountLoss(report: true);
                continue;
            }

            if (length < 0)
            {
                return -length;
            }

            if (sender != 0)
            {
                CountForeign(sender);
                continue;
            }

            if (length == 0)
            {
                continue;
            }

            if (length > _buffer.Length)
            {
                CountLoss(report: false);
                continue;
            }

            var datagram = _buffer.AsSpan(0, length);
            var reader = new NetlinkMessageReader(datagram);
            var holdsRecords = false;
            while (reader.TryRead(out var message))
            {
                if (message.Header.Type == NetlinkConstants.NLMSG_ERROR && message.Header.Sequence == sequence && message.Header.PortId == _transport.PortId)
                {
                    if (message.Payload.Length < sizeof(int))
                    {
                        ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                            $"The acknowledgement of the exit registration carries {message.Payload.Length} bytes; the error code alone needs 4."));
                    }

                    if (holdsRecords)
                    {
                        _early.Enqueue(datagram.ToArray());
                    }

                    return -MemoryMarshal.Read<int>(message.Payload);
                }

                holdsRecords |= message.Header.Type == _familyId;
            }

            if (holdsRecords)
            {
                _early.Enqueue(datagram.ToArray());
            }
        }
    }

    private static TaskstatsException RegistrationException(int errno, string cpuMask)
    {
        const string operation = "Registering for exit records (TASKSTATS_CMD_ATTR_REGISTER_CPUMASK)";
        return errno switch
        {
            Errno.EINVAL => new TaskstatsException(errno,
                $"{operation} for CPUs '{cpuMask}' failed: {ThrowHelper.Describe(errno)}. Either the mask names CPUs outside " +
                $"{CpuList.PossiblePath} ('{CpuList.ReadPossible()}'), or this process is not in the initial user and PID " +
                "namespaces, where exit records are delivered (containers with their own PID namespace cannot listen)."),
            Errno.E2BIG => new TaskstatsException(errno,
                $"{operation} failed: {ThrowHelper.Describe(errno)}. The CPU list '{cpuMask}' is longer than the kernel accepts."),
            _ => ThrowHelper.ErrnoException(errno, operation),
        };
    }
}
