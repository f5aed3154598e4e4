using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>
/// One struct taskstats record from the kernel: of a task (PID query, per-task exit record) or of a thread group
/// (TGID query, thread-group exit record); see <see cref="Scope"/>. A value type that holds the returned bytes inline,
/// so queries and exit listeners allocate nothing; the properties decode on access.
/// </summary>
/// <remarks>
/// <para>
/// Every property is nullable: null means the field is <b>absent</b>, never a made-up 0. A field is absent when the
/// struct version the kernel reports predates it, when the bytes the kernel returned do not reach it, or when the
/// kernel does not fill it for this <see cref="Scope"/>: thread-group records carry only the delays, the CPU times
/// (user, system, run real/virtual/scaled), the elapsed time and the context switches. Kernels before the thread-group
/// accumulation of exited threads (Linux 6.12 and older) send thread-group exit records with version 0 and only the
/// delays and the run totals filled: there, user and system time, elapsed time and context switches are absent. In
/// thread-group <i>query</i> replies those kernels leave user and system time at 0 and count the context switches of
/// live threads only; <see cref="CpuRunVirtualTotal"/> includes exited threads on every kernel. A present field may still be
/// 0 because of the kernel configuration: delays other than CPU stay 0 while kernel.task_delayacct is 0 (see
/// <see cref="TaskstatsClient.GetDelayAccountingState"/>), memory and I/O counters without CONFIG_TASK_XACCT and
/// CONFIG_TASK_IO_ACCOUNTING.
/// </para>
/// <para>The default value has <see cref="Scope"/> <see cref="TaskStatsScope.None"/> and every field absent.</para>
/// </remarks>
public readonly partial struct TaskStats
{
    private readonly TaskStatsBytes _bytes;
    private readonly int _returnedBytes;
    private readonly int _id;
    private readonly ushort _available;
    private readonly ushort _version;
    private readonly TaskStatsScope _scope;
    private readonly bool _isExitRecord;
    private readonly bool _delaysOnlyThreadGroup;

    /// <summary>
    /// Stores a record into <paramref name="target"/> in place: one copy of the payload, as a C caller's memcpy would,
    /// so that queries and exit listeners fill the caller's variable without intermediate copies of this large value.
    /// </summary>
    internal static void Fill(ref TaskStats target, ReadOnlySpan<byte> payload, int version, TaskStatsScope scope, int id, bool isExitRecord, bool delaysOnlyThreadGroup = false)
    {
        var available = Math.Min(payload.Length, TaskStatsLayout.NewestKnownSize);
        Span<byte> bytes = Unsafe.AsRef(in target._bytes);
        payload[..available].CopyTo(bytes);
        bytes[available..].Clear(); // equal records compare equal
        Unsafe.AsRef(in target._available) = (ushort)available;
        Unsafe.AsRef(in target._returnedBytes) = payload.Length;
        Unsafe.AsRef(in target._version) = (ushort)version;
        Unsafe.AsRef(in target._scope) = scope;
        Unsafe.AsRef(in target._id) = id;
        Unsafe.AsRef(in target._isExitRecord) = isExitRecord;
        Unsafe.AsRef(in target._delaysOnlyThreadGroup) = delaysOnlyThreadGroup && scope == TaskStatsScope.ThreadGroup;
    }

    /// <summary>Whether this record describes a task or a thread group; <see cref="TaskStatsScope.None"/> for the default value.</summary>
    public TaskStatsScope Scope => _scope;

    /// <summary>The PID (task records) or TGID (thread-group records) the kernel tagged the record with, in the reader's PID namespace for queries and the initial one for exit records.</summary>
    public int Id => _id;

    /// <summary>True for records from <see cref="TaskstatsExitListener"/>, false for query results.</summary>
    public bool IsExitRecord => _isExitRecord;

    /// <summary>The struct taskstats version the kernel reports (16 on Linux 6.18; 0 for the default value).</summary>
    public int Version => _version;

    /// <summary>How many bytes of struct taskstats the kernel returned (560 for version 16, 688 for version 17).</summary>
    public int ReturnedBytes => _returnedBytes;

    /// <summary>True when the struct version and the returned bytes include the field at <paramref name="offset"/> and the scope fills it.</summary>
    private bool Has(int offset, int size, int sinceVersion, bool filledForThreadGroups) =>
        _version >= sinceVersion
        && offset + size <= _available
        && (filledForThreadGroups || _scope == TaskStatsScope.Task);

    private ulong? UInt64(int offset, int sinceVersion, bool filledForThreadGroups)
    {
        if (!Has(offset, sizeof(ulong), sinceVersion, filledForThreadGroups))
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = _bytes;
        return MemoryMarshal.Read<ulong>(bytes.Slice(offset));
    }

    private uint? UInt32(int offset, int sinceVersion, bool filledForThreadGroups)
    {
        if (!Has(offset, sizeof(uint), sinceVersion, filledForThreadGroups))
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = _bytes;
        return MemoryMarshal.Read<uint>(bytes.Slice(offset));
    }

    private byte? Byte(int offset, int sinceVersion, bool filledForThreadGroups)
    {
        if (!Has(offset, 1, sinceVersion, filledForThreadGroups))
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = _bytes;
        return bytes[offset];
    }

    private TimeSpan? Microseconds(int offset, int sinceVersion, bool filledForThreadGroups) =>
        UInt64(offset, sinceVersion, filledForThreadGroups) is { } us ? Durations.FromMicroseconds(us) : null;

    private TimeSpan? Nanoseconds(int offset, int sinceVersion, bool filledForThreadGroups) =>
        UInt64(offset, sinceVersion, filledForThreadGroups) is { } ns ? Durations.FromNanoseconds(ns) : null;

    private int? ProcessIdAt(int offset, int sinceVersion) =>
        UInt32(offset, sinceVersion, filledForThreadGroups: false) is { } id ? (int)Math.Min(id, int.MaxValue) : null;
}
