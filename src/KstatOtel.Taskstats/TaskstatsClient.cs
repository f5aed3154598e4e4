using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Interop;
using KstatOtel.Taskstats.Netlink;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>
/// The entry point of this package: a Linux taskstats client over generic netlink. It queries per-task and
/// per-thread-group statistics (CPU times, delay accounting, context switches, memory, I/O), cgroup v1 task counts,
/// and opens exit listeners. The TASKSTATS family is looked up once, when the client opens.
/// </summary>
/// <remarks>
/// <para>
/// Queries (and exit listeners) need CAP_NET_ADMIN in the initial user namespace; without it they throw
/// <see cref="TaskstatsException"/> whose <see cref="TaskstatsException.IsPermissionDenied"/> is true and whose message
/// says how to grant it. <see cref="CgroupStats"/> needs no privilege. Opening the client needs none either.
/// </para>
/// <para>
/// Thread-safe: calls are serialised on one socket and one reused buffer, so queries allocate nothing. A query costs
/// one sendto and one recvfrom (about 4 µs). Ids are in the caller's PID namespace.
/// </para>
/// </remarks>
public sealed class TaskstatsClient : IDisposable
{
    /// <summary>How long a query waits for the kernel's reply (which the kernel sends synchronously) before giving up.</summary>
    internal static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    internal const string DelayAccountingPath = "/proc/sys/kernel/task_delayacct";

    private const string TaskQuery = "Taskstats query for a task (TASKSTATS_CMD_GET, PID)";
    private const string ThreadGroupQuery = "Taskstats query for a thread group (TASKSTATS_CMD_GET, TGID)";
    private const string CgroupQuery = "Cgroupstats query (CGROUPSTATS_CMD_GET)";

    private readonly Lock _lock = new();
    private readonly NetlinkConnection _connection;
    private readonly Func<int, INetlinkTransport> _listenerTransports;
    private bool _disposed;

    private TaskstatsClient(NetlinkConnection connection, GenlFamily family, Func<int, INetlinkTransport> listenerTransports)
    {
        _connection = connection;
        Family = family;
        _listenerTransports = listenerTransports;
    }

    /// <summary>The TASKSTATS family as the controller described it.</summary>
    internal GenlFamily Family { get; }

    /// <summary>The port id the kernel assigned to the query socket.</summary>
    internal uint PortId => _connection.PortId;

    /// <summary>Datagrams another socket (not the kernel) sent to the query socket, dropped unread.</summary>
    internal long ForeignDatagramsDropped => _connection.ForeignDatagrams;

    /// <summary>
    /// Opens a netlink socket and looks the TASKSTATS family up. Needs no privilege.
    /// </summary>
    /// <returns>A client; dispose it to close its socket.</returns>
    /// <exception cref="TaskstatsException">
    /// The socket could not be made, or the kernel has no TASKSTATS family (built without CONFIG_TASKSTATS: Errno is ENOENT).
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">Not running on Linux.</exception>
    public static TaskstatsClient Open()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Taskstats is a Linux interface (generic netlink family TASKSTATS).");
        }

        return Open(
            static () => NetlinkSocketTransport.Open(ReplyTimeout),
            static receiveBufferBytes => NetlinkSocketTransport.Open(TimeSpan.Zero, receiveBufferBytes));
    }

    /// <summary>Opens a client over the given transports (tests put a fake kernel behind them).</summary>
    internal static TaskstatsClient Open(Func<INetlinkTransport> queryTransport, Func<int, INetlinkTransport> listenerTransports)
    {
        var connection = new NetlinkConnection(queryTransport());
        try
        {
            var family = GenlFamilyResolver.Resolve(connection, TaskstatsCommands.FamilyName)
                ?? throw new TaskstatsException(Errno.ENOENT, ThrowHelper.NoFamilyAdvice);
            if (family.Operations.Count > 0 && family.FindOperation(TaskstatsCommands.TASKSTATS_CMD_GET) is null)
            {
                throw new TaskstatsException(Errno.EOPNOTSUPP,
                    "The kernel's TASKSTATS family does not offer TASKSTATS_CMD_GET, so it cannot be queried.");
            }

            return new TaskstatsClient(connection, family, listenerTransports);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads kernel.task_delayacct, which decides whether delays other than the CPU delay are recorded. It covers tasks
    /// started after it was switched on; turn it on with <c>sysctl kernel.task_delayacct=1</c> or the <c>delayacct</c>
    /// boot parameter.
    /// </summary>
    /// <returns>The state; <see cref="DelayAccountingState.Unknown"/> when the sysctl is missing or unreadable.</returns>
    public static DelayAccountingState GetDelayAccountingState() => ReadDelayAccountingState(DelayAccountingPath);

    internal static DelayAccountingState ReadDelayAccountingState(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim() switch
            {
                "0" => DelayAccountingState.Disabled,
                "1" => DelayAccountingState.Enabled,
                _ => DelayAccountingState.Unknown,
            };
        }
        catch (IOException)
        {
            return DelayAccountingState.Unknown;
        }
        catch (UnauthorizedAccessException)
        {
            return DelayAccountingState.Unknown;
        }
    }

    /// <summary>Statistics of this process as a thread group: <see cref="ThreadGroup"/> with this process's id.</summary>
    /// <returns>A thread-group record (<see cref="TaskStatsScope.ThreadGroup"/>).</returns>
    /// <exception cref="TaskstatsException">The query failed, e.g. without CAP_NET_ADMIN (EPERM).</exception>
    /// <exception cref="TaskstatsProtocolException">The reply was malformed.</exception>
    public TaskStats Self() => ThreadGroup(Environment.ProcessId);

    /// <summary>
    /// Statistics of a whole process (TASKSTATS_CMD_GET with TGID; any thread id of the group is accepted): the
    /// delays, CPU times, elapsed time and context switches summed over its threads. Exited threads are included in the
    /// delays and run totals on every kernel, and in the rest from Linux 6.18; 6.12 and older leave the user and system
    /// times at 0 and count the elapsed time and context switches of live threads only (see <see cref="TaskStats"/>). The
    /// kernel leaves the command, ids, faults, memory and I/O counters of a thread group empty, so those fields are
    /// absent; query <see cref="Task"/> for the leader, or read procfs, to get them.
    /// </summary>
    /// <param name="tgid">The thread group id (process id) in this process's PID namespace.</param>
    /// <returns>A thread-group record.</returns>
    /// <exception cref="TaskstatsException">The query failed: ESRCH when there is no such process, EPERM without CAP_NET_ADMIN.</exception>
    /// <exception cref="TaskstatsProtocolException">The reply was malformed.</exception>
    public TaskStats ThreadGroup(int tgid)
    {
        Query(TaskstatsCommands.TASKSTATS_CMD_ATTR_TGID, tgid, out var stats, throwWhenGone: true);
        return stats;
    }

    /// <summary>Statistics of one task, i.e. one thread (TASKSTATS_CMD_GET with PID): every field of the struct version.</summary>
    /// <param name="pid">The task's id (a process id names its main thread; a thread id names that thread).</param>
    /// <returns>A task record (<see cref="TaskStatsScope.Task"/>).</returns>
    /// <exception cref="TaskstatsException">The query failed: ESRCH when there is no such task, EPERM without CAP_NET_ADMIN.</exception>
    /// <exception cref="TaskstatsProtocolException">The reply was malformed.</exception>
    public TaskStats Task(int pid)
    {
        Query(TaskstatsCommands.TASKSTATS_CMD_ATTR_PID, pid, out var stats, throwWhenGone: true);
        return stats;
    }

    /// <summary>Like <see cref="Self"/>; returns false rather than throw when the kernel answers ESRCH.</summary>
    /// <param name="stats">The record, or the default value when the result is false.</param>
    /// <returns>True with a record; false when the process is gone.</returns>
    public bool TrySelf(out TaskStats stats) => TryThreadGroup(Environment.ProcessId, out stats);

    /// <summary>Like <see cref="ThreadGroup"/>; returns false when the process is gone (ESRCH), a race every scanner meets.</summary>
    /// <param name="tgid">The thread group id.</param>
    /// <param name="stats">The record, or the default value when the result is false.</param>
    /// <returns>True with a record; false when there is no such process.</returns>
    /// <exception cref="TaskstatsException">Any other failure, e.g. EPERM without CAP_NET_ADMIN.</exception>
    public bool TryThreadGroup(int tgid, out TaskStats stats) =>
        Query(TaskstatsCommands.TASKSTATS_CMD_ATTR_TGID, tgid, out stats, throwWhenGone: false);

    /// <summary>Like <see cref="Task"/>; returns false when the task is gone (ESRCH).</summary>
    /// <param name="pid">The task id.</param>
    /// <param name="stats">The record, or the default value when the result is false.</param>
    /// <returns>True with a record; false when there is no such task.</returns>
    /// <exception cref="TaskstatsException">Any other failure, e.g. EPERM without CAP_NET_ADMIN.</exception>
    public bool TryTask(int pid, out TaskStats stats) =>
        Query(TaskstatsCommands.TASKSTATS_CMD_ATTR_PID, pid, out stats, throwWhenGone: false);

    /// <summary>
    /// Task counts by state of a cgroup v1 directory (CGROUPSTATS_CMD_GET), for example <c>/sys/fs/cgroup/cpu</c> or a
    /// group below it. cgroup v2 directories are refused by the kernel (EINVAL). Needs no privilege.
    /// </summary>
    /// <param name="path">A directory of a mounted cgroup v1 hierarchy.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="TaskstatsException">The directory could not be opened, or the kernel refused it (EINVAL: not cgroup v1).</exception>
    /// <exception cref="TaskstatsProtocolException">The reply was malformed.</exception>
    public CgroupStats CgroupStats(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            ThrowHelper.ThrowLastPInvokeError($"Opening the cgroup directory {path}");
        }

        using var directory = new SafeFdHandle(fd);
        return CgroupStatsOfOpenDirectory(directory, path);
    }

    /// <summary>
    /// <see cref="CgroupStats(string)"/> on a cgroup v1 directory the caller keeps open (O_RDONLY | O_DIRECTORY), so
    /// that repeated queries open nothing and allocate nothing. <paramref name="path"/> names it in messages.
    /// </summary>
    internal CgroupStats CgroupStatsOfOpenDirectory(SafeHandle directory, string path)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            return QueryCgroup((int)directory.DangerousGetHandle(), path);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    private CgroupStats QueryCgroup(int directoryFd, string path)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var builder = _connection.BeginRequest(Family.Id, NetlinkConstants.NLM_F_ACK);
            AppendGenlHeader(ref builder, TaskstatsCommands.CGROUPSTATS_CMD_GET);
            builder.AddUInt32(TaskstatsCommands.CGROUPSTATS_CMD_ATTR_FD, (uint)directoryFd);
            var handler = new CgroupHandler(Family.Id);
            var errno = _connection.Execute(builder.Finish(), ref handler, CgroupQuery);
            if (errno == Errno.EINVAL)
            {
                throw new TaskstatsException(errno,
                    $"{CgroupQuery} for {path} failed: {ThrowHelper.Describe(errno)}. The kernel answers only for directories of a cgroup v1 " +
                    "hierarchy (for example /sys/fs/cgroup/cpu or /sys/fs/cgroup/cpu/<group>); cgroup v2 directories and other directories give EINVAL.");
            }

            if (errno != 0)
            {
                ThrowHelper.ThrowErrno(errno, $"{CgroupQuery} for {path}");
            }

            if (!handler.Received)
            {
                ThrowHelper.ThrowProtocol($"{CgroupQuery} for {path}: the kernel acknowledged the request without a CGROUPSTATS_CMD_NEW reply.");
            }

            return handler.Result;
        }
    }

    /// <summary>
    /// Opens an exit listener on its own socket: the kernel then sends it a record for every task that exits on the
    /// CPUs of <paramref name="cpuMask"/> (and a thread-group record when the last thread of a multi-threaded process
    /// exits). Needs CAP_NET_ADMIN, and the initial user and PID namespaces.
    /// </summary>
    /// <param name="cpuMask">CPUs to listen on, in cpulist syntax ("0-3,8"); null for all possible CPUs (/sys/devices/system/cpu/possible).</param>
    /// <param name="receiveBufferBytes">
    /// The socket's receive buffer; exits beyond what it holds are dropped by the kernel and counted in
    /// <see cref="TaskstatsExitListener.LostRecords"/>. Set with SO_RCVBUFFORCE, so net.core.rmem_max does not cap it.
    /// </param>
    /// <returns>The listener; dispose it to deregister and close its socket.</returns>
    /// <exception cref="TaskstatsException">Registration failed: EPERM without CAP_NET_ADMIN, EINVAL for a bad mask or outside the initial namespaces.</exception>
    public TaskstatsExitListener OpenExitListener(string? cpuMask = null, int receiveBufferBytes = TaskstatsExitListener.DefaultReceiveBufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(receiveBufferBytes);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mask = cpuMask?.Trim() ?? CpuList.ReadPossible();
        if (!CpuList.IsWellFormed(mask))
        {
            throw new ArgumentException($"'{cpuMask}' is not a CPU list such as \"0-3,5\".", nameof(cpuMask));
        }

        var transport = _listenerTransports(receiveBufferBytes);
        try
        {
            return TaskstatsExitListener.Register(transport, Family.Id, mask);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Closes the socket. Later calls throw <see cref="ObjectDisposedException"/>; open exit listeners keep working.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    internal static void AppendGenlHeader(ref NetlinkRequestBuilder builder, byte command)
    {
        Span<byte> genl = stackalloc byte[GenlConstants.HeaderSize];
        new GenlHeader(command, TaskstatsCommands.GenlVersion).Write(genl);
        builder.AppendRaw(genl);
    }

    private bool Query(ushort attribute, int id, out TaskStats stats, bool throwWhenGone)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        var isTask = attribute == TaskstatsCommands.TASKSTATS_CMD_ATTR_PID;
        var operation = isTask ? TaskQuery : ThreadGroupQuery;
        int errno;
        var received = false;
        Unsafe.SkipInit(out stats); // filled in place by the decoder, or set to default below
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var builder = _connection.BeginRequest(Family.Id, 0);
            AppendGenlHeader(ref builder, TaskstatsCommands.TASKSTATS_CMD_GET);
            builder.AddUInt32(attribute, (uint)id);
            var handler = new QueryHandler(Family.Id, isTask ? TaskStatsScope.Task : TaskStatsScope.ThreadGroup, id, ref stats, ref received);
            errno = _connection.Execute(builder.Finish(), ref handler, operation);
        }

        if (errno == 0)
        {
            if (!received)
            {
                stats = default;
                ThrowHelper.ThrowProtocol($"{operation}: the reply ended without a TASKSTATS_CMD_NEW message.");
            }

            return true;
        }

        stats = default;
        if (errno == Errno.ESRCH && !throwWhenGone)
        {
            return false;
        }

        throw QueryException(errno, operation, isTask, id);
    }

    private static TaskstatsException QueryException(int errno, string operation, bool isTask, int id)
    {
        var what = string.Create(CultureInfo.InvariantCulture, $"{operation} for {(isTask ? "PID" : "TGID")} {id}");
        if (errno == Errno.ESRCH)
        {
            return new TaskstatsException(errno,
                $"{what} failed: {ThrowHelper.Describe(errno)}. There is no such {(isTask ? "task" : "process")} in this process's PID namespace: it exited, or the id was never used.");
        }

        return ThrowHelper.ErrnoException(errno, what);
    }

    /// <summary>Decodes the reply straight into the caller's variable (a ref field), sparing copies of the large record.</summary>
    private ref struct QueryHandler : INetlinkReplyHandler
    {
        private readonly ushort _familyId;
        private readonly TaskStatsScope _scope;
        private readonly int _id;
        private readonly ref TaskStats _result;
        private readonly ref bool _received;

        public QueryHandler(ushort familyId, TaskStatsScope scope, int id, ref TaskStats result, ref bool received)
        {
            _familyId = familyId;
            _scope = scope;
            _id = id;
            _result = ref result;
            _received = ref received;
        }

        public readonly void OnMessage(NetlinkMessage message)
        {
            if (message.Header.Type != _familyId)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats reply at offset {message.Offset} has message type {message.Header.Type}, not the TASKSTATS family id {_familyId}."));
            }

            if (_received)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats reply carries a second TASKSTATS_CMD_NEW message at offset {message.Offset}."));
            }

            var reader = new TaskstatsRecordReader(message.Payload, isExitRecord: false, message.Offset);
            reader.TryRead(ref _result);
            reader.EnsureEnd();
            if (_result.Scope != _scope || _result.Id != _id)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats reply describes {_result.Scope} {_result.Id}, but the query asked for {_scope} {_id}."));
            }

            _received = true;
        }
    }

    private struct CgroupHandler : INetlinkReplyHandler
    {
        private readonly ushort _familyId;
        public CgroupStats Result;
        public bool Received;

        public CgroupHandler(ushort familyId)
        {
            _familyId = familyId;
            Result = default;
            Received = false;
        }

        public void OnMessage(NetlinkMessage message)
        {
            if (message.Header.Type != _familyId)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The cgroupstats reply at offset {message.Offset} has message type {message.Header.Type}, not the TASKSTATS family id {_familyId}."));
            }

            if (Received)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The cgroupstats reply carries a second CGROUPSTATS_CMD_NEW message at offset {message.Offset}."));
            }

            Result = TaskstatsMessageDecoder.DecodeCgroupStats(message.Payload, message.Offset);
            Received = true;
        }
    }
}
