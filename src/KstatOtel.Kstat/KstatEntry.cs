using System.Diagnostics.CodeAnalysis;
using KstatOtel.Kstat.Decoding;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat;

/// <summary>
/// One kstat of the chain (<c>module:instance:name</c>), obtained from <see cref="KstatToken.Lookup"/> or
/// <see cref="KstatToken.GetAll"/>. Its header (module, instance, name, class, type, creation time, id) is copied when
/// it is found; its data is read on demand by the <c>TryRead*</c> methods, each giving one coherent set of values with
/// the snapshot time the kernel took them at. No pointer into libkstat memory ever leaves the object: the reads copy
/// the data out while holding the token's lock.
/// </summary>
/// <remarks>
/// A <c>TryRead*</c> method returns false when the kstat is gone (it was deleted: <see cref="Valid"/> turns false) or
/// cannot be read at the moment (still EAGAIN after a few retries, or ENXIO that a chain update did not explain).
/// After <see cref="KstatToken.Update"/> reports a change, entries whose kstat is gone are no longer <see cref="Valid"/>;
/// the same <c>module:instance:name</c> may exist again as a new kstat, with no continuity in its counters: look it up again.
/// Using an entry after its token was disposed throws <see cref="ObjectDisposedException"/>.
/// Calling a typed read on a kstat of another type throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed unsafe class KstatEntry
{
    private readonly KstatToken _token;
    private readonly string _fullName;
    private KstatNative* _pointer;
    private volatile bool _live;
    private int _flags;
    private long _snapTime;
    private int _dataSize;
    private uint _dataCount;

    /// <summary>Copies the header of <paramref name="pointer"/>; called under the token's lock.</summary>
    internal KstatEntry(KstatToken token, KstatNative* pointer)
    {
        _token = token;
        _pointer = pointer;
        _live = true;
        Id = pointer->ks_kid;
        Module = Utf8Text.Decode(Utf8Text.UpToNul(new ReadOnlySpan<byte>(pointer->ks_module, KstatNative.StrLen)));
        Instance = pointer->ks_instance;
        Name = Utf8Text.Decode(Utf8Text.UpToNul(new ReadOnlySpan<byte>(pointer->ks_name, KstatNative.StrLen)));
        Class = Utf8Text.Decode(Utf8Text.UpToNul(new ReadOnlySpan<byte>(pointer->ks_class, KstatNative.StrLen)));
        Type = (KstatType)pointer->ks_type;
        CreationTime = pointer->ks_crtime;
        _flags = pointer->ks_flags;
        _snapTime = pointer->ks_snaptime;
        _dataSize = pointer->ks_data_size > int.MaxValue ? int.MaxValue : (int)pointer->ks_data_size;
        _dataCount = pointer->ks_ndata;
        _fullName = $"{Module}:{Instance}:{Name}";
    }

    /// <summary>The kstat id (<c>ks_kid</c>), unique to this kstat for the life of the system.</summary>
    public int Id { get; }

    /// <summary>The module that created the kstat (<c>ks_module</c>), such as "cpu" or "zfs".</summary>
    public string Module { get; }

    /// <summary>The module's instance (<c>ks_instance</c>), such as the CPU id.</summary>
    public int Instance { get; }

    /// <summary>The kstat's name (<c>ks_name</c>), unique within the module and instance.</summary>
    public string Name { get; }

    /// <summary>The kstat's class (<c>ks_class</c>), such as "misc", "net" or "disk".</summary>
    public string Class { get; }

    /// <summary>The kind of data (<c>ks_type</c>); a number outside <see cref="KstatType"/> is kept as is.</summary>
    public KstatType Type { get; }

    /// <summary>When the kstat was created, ns since boot (<c>ks_crtime</c>): the origin of "rate since creation".</summary>
    public long CreationTime { get; }

    /// <summary>The flags (<c>ks_flags</c>) as of the last read or chain walk.</summary>
    public KstatFlags Flags => (KstatFlags)Volatile.Read(ref _flags);

    /// <summary>When the kernel took the data of the last read through this entry, ns since boot (<c>ks_snaptime</c>); 0 before any read.</summary>
    public long SnapTime => Volatile.Read(ref _snapTime);

    /// <summary>The size of the data in bytes (<c>ks_data_size</c>) as of the last read or chain walk.</summary>
    public int DataSize => Volatile.Read(ref _dataSize);

    /// <summary>The number of data records (<c>ks_ndata</c>) as of the last read or chain walk.</summary>
    public int DataCount => (int)Math.Min(Volatile.Read(ref _dataCount), int.MaxValue);

    /// <summary>
    /// False once the kstat was deleted (a chain update no longer lists it) or the token was disposed; an invalid entry
    /// can no longer be read, and its header stays readable.
    /// </summary>
    public bool Valid => _live && !_token.IsDisposed;

    /// <summary>The token this entry belongs to.</summary>
    public KstatToken Token => _token;

    /// <summary>The entry's current pointer; only meaningful under the token's lock while <see cref="IsLive"/>.</summary>
    internal KstatNative* Pointer => _pointer;

    /// <summary>False after the kstat left the chain or the token closed; set under the token's lock.</summary>
    internal bool IsLive => _live;

    /// <summary>"module:instance:name".</summary>
    public override string ToString() => _fullName;

    /// <summary>
    /// Reads all the statistics of this NAMED kstat into <paramref name="values"/>, overwriting it in place: the
    /// allocation-free path for periodic refreshes (keep one <see cref="KstatNamedValues"/> per kstat).
    /// </summary>
    /// <returns>False when the kstat is gone or not readable now; <paramref name="values"/> is then unchanged.</returns>
    /// <exception cref="InvalidOperationException">The kstat is not NAMED.</exception>
    /// <exception cref="KstatMalformedDataException">libkstat returned inconsistent data; <paramref name="values"/> is unchanged.</exception>
    public bool TryReadNamed(KstatNamedValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireType(KstatType.Named, "NAMED");
        lock (_token.Gate)
        {
            if (!_token.TryReadLocked(this, out var data))
            {
                return false;
            }

            NamedDecoder.Decode(data.Span, data.Address, data.Count, data.SnapTime, values, _fullName);
            return true;
        }
    }

    /// <summary>Reads all the statistics of this NAMED kstat into a new <see cref="KstatNamedValues"/>.</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadNamed([NotNullWhen(true)] out KstatNamedValues? values)
    {
        var fresh = new KstatNamedValues(DataCount);
        values = TryReadNamed(fresh) ? fresh : null;
        return values is not null;
    }

    /// <summary>
    /// Reads this NAMED kstat and returns the one statistic named <paramref name="statistic"/>
    /// (found by libkstat's <c>kstat_data_lookup</c>). Allocation-free for numeric statistics; a text value is a new string.
    /// </summary>
    /// <returns>False when the kstat is gone or not readable now, or has no such statistic.</returns>
    public bool TryReadNamed(string statistic, out KstatNamed value)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        RequireType(KstatType.Named, "NAMED");
        Span<byte> buffer = stackalloc byte[Utf8Arg.StackSize];
        var name = Utf8Arg.Encode(statistic, buffer, nameof(statistic));
        lock (_token.Gate)
        {
            if (!_token.TryReadLocked(this, out var data))
            {
                value = default;
                return false;
            }

            void* found;
            fixed (byte* namePointer = name)
            {
                found = LibKstat.kstat_data_lookup(_pointer, namePointer);
            }

            if (found is null)
            {
                value = default;
                return false;
            }

            var offset = (ulong)found - data.Address;
            if ((ulong)found < data.Address || offset >= (ulong)data.Span.Length)
            {
                ThrowHelper.Malformed($"{_fullName}: kstat_data_lookup(\"{statistic}\") returned 0x{(ulong)found:x}, outside ks_data.");
            }

            value = NamedDecoder.DecodeOne(data.Span, data.Address, data.Count, (int)offset, _fullName, statistic);
            return true;
        }
    }

    /// <summary>Reads this IO kstat (<c>kstat_io_t</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadIO(out KstatIO io)
    {
        RequireType(KstatType.IO, "IO");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            io = ok ? RecordDecoder.DecodeIO(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>Reads this INTR kstat (<c>kstat_intr_t</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadInterrupts(out KstatInterrupts interrupts)
    {
        RequireType(KstatType.Interrupt, "INTR");
        lock (_token.Gate)
        {
            if (!_token.TryReadLocked(this, out var data))
            {
                interrupts = default;
                return false;
            }

            interrupts = RecordDecoder.DecodeInterrupts(data.Span, data.SnapTime, _fullName);
            return true;
        }
    }

    /// <summary>Reads this TIMER kstat: every <c>kstat_timer_t</c> it holds.</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadTimers([NotNullWhen(true)] out KstatTimer[]? timers)
    {
        RequireType(KstatType.Timer, "TIMER");
        lock (_token.Gate)
        {
            timers = _token.TryReadLocked(this, out var data) ? RecordDecoder.DecodeTimers(data.Span, data.Count, data.SnapTime, _fullName) : null;
            return timers is not null;
        }
    }

    /// <summary>Reads <c>unix:0:sysinfo</c> (<c>sysinfo_t</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadSysInfo(out KstatSysInfo sysInfo)
    {
        RequireRaw("unix", "sysinfo", "unix:0:sysinfo");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            sysInfo = ok ? RecordDecoder.DecodeSysInfo(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>Reads <c>unix:0:vminfo</c> (<c>vminfo_t</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadVmInfo(out KstatVmInfo vmInfo)
    {
        RequireRaw("unix", "vminfo", "unix:0:vminfo");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            vmInfo = ok ? RecordDecoder.DecodeVmInfo(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>Reads <c>unix:0:var</c> (<c>struct var</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadVar(out KstatVar var)
    {
        RequireRaw("unix", "var", "unix:0:var");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            var = ok ? RecordDecoder.DecodeVar(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>Reads an NFS mount's <c>nfs:MINOR:mntinfo</c> (<c>struct mntinfo_kstat</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadMntInfo(out KstatMntInfo mntInfo)
    {
        RequireRaw("nfs", "mntinfo", "nfs:*:mntinfo");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            mntInfo = ok ? RecordDecoder.DecodeMntInfo(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>Reads a CPU's <c>cpu_stat:N:cpu_statN</c> (<c>cpu_stat_t</c>).</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadCpuStat(out KstatCpuStat cpuStat)
    {
        RequireRaw("cpu_stat", null, "cpu_stat:*:*");
        lock (_token.Gate)
        {
            var ok = _token.TryReadLocked(this, out var data);
            cpuStat = ok ? RecordDecoder.DecodeCpuStat(data.Span, data.SnapTime, _fullName) : default;
            return ok;
        }
    }

    /// <summary>
    /// Reads the data of any kstat as raw bytes (<c>ks_data_size</c> bytes of <c>ks_data</c>): the escape hatch for RAW
    /// kstats without a decoder. For NAMED kstats with strings the bytes include native pointers, meaningless here.
    /// </summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    public bool TryReadRaw([NotNullWhen(true)] out byte[]? data, out long snapTime)
    {
        lock (_token.Gate)
        {
            if (!_token.TryReadLocked(this, out var native))
            {
                data = null;
                snapTime = 0;
                return false;
            }

            data = native.Span.ToArray();
            snapTime = native.SnapTime;
            return true;
        }
    }

    /// <summary>Reads the data of any kstat as raw bytes into <paramref name="destination"/>, without allocating.</summary>
    /// <returns>False when the kstat is gone or not readable now.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is smaller than the data (see <see cref="DataSize"/>).</exception>
    public bool TryReadRaw(Span<byte> destination, out int bytesWritten, out long snapTime)
    {
        lock (_token.Gate)
        {
            if (!_token.TryReadLocked(this, out var native))
            {
                bytesWritten = 0;
                snapTime = 0;
                return false;
            }

            if (native.Span.Length > destination.Length)
            {
                throw new ArgumentException($"kstat {_fullName} holds {native.Span.Length} bytes; the destination has room for {destination.Length}.", nameof(destination));
            }

            native.Span.CopyTo(destination);
            bytesWritten = native.Span.Length;
            snapTime = native.SnapTime;
            return true;
        }
    }

    /// <summary>True when <paramref name="pointer"/> is the same kstat as this entry (same id, creation time, names).</summary>
    internal bool IsSameKstat(KstatNative* pointer) =>
        pointer->ks_kid == Id
        && pointer->ks_crtime == CreationTime
        && pointer->ks_instance == Instance
        && pointer->ks_type == (byte)Type
        && Utf8Text.EqualsString(Utf8Text.UpToNul(new ReadOnlySpan<byte>(pointer->ks_module, KstatNative.StrLen)), Module)
        && Utf8Text.EqualsString(Utf8Text.UpToNul(new ReadOnlySpan<byte>(pointer->ks_name, KstatNative.StrLen)), Name);

    /// <summary>Points the entry at its kstat's header in a rebuilt chain; under the token's lock.</summary>
    internal void Rebind(KstatNative* pointer) => _pointer = pointer;

    /// <summary>Marks the entry gone and forgets its pointer; under the token's lock.</summary>
    internal void Invalidate()
    {
        _live = false;
        _pointer = null;
    }

    /// <summary>Records the header fields a read updated; under the token's lock.</summary>
    internal void Observe(byte flags, long snapTime, int dataSize, uint dataCount)
    {
        Volatile.Write(ref _flags, flags);
        Volatile.Write(ref _snapTime, snapTime);
        Volatile.Write(ref _dataSize, dataSize);
        Volatile.Write(ref _dataCount, dataCount);
    }

    private void RequireType(KstatType type, string cName)
    {
        if (Type != type)
        {
            ThrowHelper.WrongType(this, cName);
        }
    }

    private void RequireRaw(string module, string? name, string what)
    {
        if (Type != KstatType.Raw || Module != module || (name is not null && Name != name))
        {
            ThrowHelper.NotThatRawKstat(this, what);
        }
    }
}
