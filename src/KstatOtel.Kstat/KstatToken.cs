using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat;

/// <summary>
/// An open kstat chain (<c>kstat_open</c>): the entry point of the package. Look kstats up with <see cref="Lookup"/>
/// (libkstat's wildcards: null module or name, instance -1) or walk them all with <see cref="GetAll"/>, read their
/// data through <see cref="KstatEntry"/>, and call <see cref="Update"/> now and then to follow kstats that appear and vanish.
/// </summary>
/// <remarks>
/// <para>Thread safety: every member may be called from any thread. libkstat is not thread-safe, so every call on the
/// underlying <c>kstat_ctl_t</c> (reads of any entry included) is serialized by one lock per token; threads that read
/// many kstats in parallel gain from one token each.</para>
/// <para>Library: the binding loads <c>libkstat.so.1</c>; the environment variable
/// <see cref="LibraryPathEnvironmentVariable"/> or the <c>libraryPath</c> argument of <see cref="Open"/> points it at
/// another libkstat-compatible library (a process binds one). On a system without libkstat, <see cref="Open"/> throws
/// <see cref="PlatformNotSupportedException"/>.</para>
/// <para>Errors: ENXIO from a read (the kstat was deleted) triggers a chain update and a fresh look-up of the kstat by
/// its id; EAGAIN (a kstat being created) is retried <see cref="EagainRetries"/> times. Both end in a false
/// <c>Try*</c> result if they persist. Other failures throw <see cref="KstatException"/>; inconsistent data throws
/// <see cref="KstatMalformedDataException"/>. After <see cref="Dispose"/>, every member except <see cref="Dispose"/>
/// and the entries' header properties throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed unsafe class KstatToken : IDisposable
{
    /// <summary>The environment variable naming the libkstat to load instead of <c>libkstat.so.1</c>: "KSTATOTEL_LIBKSTAT_PATH".</summary>
    public const string LibraryPathEnvironmentVariable = LibKstatLoader.PathVariable;

    /// <summary>How many times a read or open that fails with EAGAIN is retried (10 ms apart) before giving up.</summary>
    public const int EagainRetries = 3;

    /// <summary>Walking more headers than this means the chain is corrupt (a cycle).</summary>
    private const int MaxChainLength = 1 << 22;

    private static readonly TimeSpan EagainDelay = TimeSpan.FromMilliseconds(10);

    private readonly KstatCtlHandle _handle;
    private readonly Dictionary<int, KstatEntry> _entries = [];
    private readonly Dictionary<int, nint> _scratch = [];
    private ReadOnlyCollection<KstatEntry>? _all;
    private volatile bool _disposed;

    private KstatToken(KstatCtlHandle handle, string libraryPath)
    {
        _handle = handle;
        LibraryPath = libraryPath;
    }

    /// <summary>The path of the libkstat this token was opened with.</summary>
    public string LibraryPath { get; }

    /// <summary>The kstat chain id (KCID) of the token's copy of the chain; it changes when <see cref="Update"/> finds changes.</summary>
    public int ChainId
    {
        get
        {
            lock (Gate)
            {
                ThrowIfDisposed();
                return _handle.Ctl->kc_chain_id;
            }
        }
    }

    /// <summary>Serializes every call on the <c>kstat_ctl_t</c>; entries take it for their reads.</summary>
    internal Lock Gate { get; } = new();

    internal bool IsDisposed => _disposed;

    /// <summary>Opens the kstat chain (<c>kstat_open</c>).</summary>
    /// <param name="libraryPath">
    /// The libkstat to load; null uses the environment variable <see cref="LibraryPathEnvironmentVariable"/>, then
    /// <c>libkstat.so.1</c>.
    /// </param>
    /// <exception cref="PlatformNotSupportedException">No libkstat could be loaded (kstat exists on illumos and Solaris only).</exception>
    /// <exception cref="InvalidOperationException">The process already uses another libkstat file.</exception>
    /// <exception cref="KstatException"><c>kstat_open</c> failed.</exception>
    public static KstatToken Open(string? libraryPath = null)
    {
        var path = LibKstatLoader.Bind(libraryPath);
        for (var attempt = 0; ; attempt++)
        {
            var handle = LibKstat.kstat_open();
            var errno = Marshal.GetLastPInvokeError();
            if (!handle.IsInvalid)
            {
                return new KstatToken(handle, path);
            }

            handle.Dispose();
            if (errno == Errno.EAGAIN && attempt < EagainRetries)
            {
                Thread.Sleep(EagainDelay);
                continue;
            }

            ThrowHelper.CallFailed("kstat_open", errno, $"'{path}'");
        }
    }

    /// <summary>
    /// Brings the token's copy of the chain up to date (<c>kstat_chain_update</c>). Entries whose kstat was deleted
    /// stop being <see cref="KstatEntry.Valid"/>; the others stay valid and keep working.
    /// </summary>
    /// <returns>True when the chain changed (kstats were added or removed), false when it was current.</returns>
    /// <exception cref="KstatException"><c>kstat_chain_update</c> failed.</exception>
    public bool Update()
    {
        lock (Gate)
        {
            ThrowIfDisposed();
            return UpdateLocked();
        }
    }

    /// <summary>
    /// Every kstat of the chain, in chain order, as of the last update. The list is built once per chain version and
    /// shared: calling this again without a change costs nothing.
    /// </summary>
    public IReadOnlyList<KstatEntry> GetAll()
    {
        lock (Gate)
        {
            ThrowIfDisposed();
            if (_all is null)
            {
                var list = new List<KstatEntry>(Math.Max(_entries.Count, 16));
                var walked = 0;
                for (var pointer = _handle.Ctl->kc_chain; pointer is not null; pointer = pointer->ks_next)
                {
                    CountStep(ref walked);
                    list.Add(EntryFor(pointer));
                }

                _all = list.AsReadOnly();
            }

            return _all;
        }
    }

    /// <summary>
    /// The first kstat in chain order matching <paramref name="module"/>, <paramref name="instance"/> and
    /// <paramref name="name"/> (<c>kstat_lookup</c>); null module or name and instance -1 match anything.
    /// Looking up the same kstat again returns the same <see cref="KstatEntry"/> object.
    /// </summary>
    /// <returns>The entry, or null when no kstat matches.</returns>
    public KstatEntry? Lookup(string? module, int instance = -1, string? name = null)
    {
        Span<byte> moduleBuffer = stackalloc byte[Utf8Arg.StackSize];
        Span<byte> nameBuffer = stackalloc byte[Utf8Arg.StackSize];
        var moduleBytes = module is null ? default : Utf8Arg.Encode(module, moduleBuffer, nameof(module));
        var nameBytes = name is null ? default : Utf8Arg.Encode(name, nameBuffer, nameof(name));
        lock (Gate)
        {
            ThrowIfDisposed();
            KstatNative* found;
            fixed (byte* modulePointer = moduleBytes)
            fixed (byte* namePointer = nameBytes)
            {
                found = LibKstat.kstat_lookup(_handle, module is null ? null : modulePointer, instance, name is null ? null : namePointer);
            }

            return found is null ? null : EntryFor(found);
        }
    }

    /// <summary>Tries <see cref="Lookup"/>.</summary>
    public bool TryLookup(string? module, int instance, string? name, [NotNullWhen(true)] out KstatEntry? entry)
    {
        entry = Lookup(module, instance, name);
        return entry is not null;
    }

    /// <summary>
    /// Every kstat matching <paramref name="module"/>, <paramref name="instance"/> and <paramref name="name"/>
    /// (null and -1 match anything, as in <see cref="Lookup"/>), in chain order.
    /// </summary>
    public IReadOnlyList<KstatEntry> LookupAll(string? module, int instance = -1, string? name = null)
    {
        var matches = new List<KstatEntry>();
        foreach (var entry in GetAll())
        {
            if ((module is null || entry.Module == module) && (instance == -1 || entry.Instance == instance) && (name is null || entry.Name == name))
            {
                matches.Add(entry);
            }
        }

        return matches;
    }

    /// <summary>
    /// Reads one statistic by its full name <c>module:instance:name:statistic</c>, always current: a look-up and a read.
    /// If the kstat vanished during the read, it is looked up again once (a new kstat under the same name).
    /// </summary>
    /// <returns>False when there is no such kstat or statistic, or it cannot be read now.</returns>
    public bool TryReadNamed(string? module, int instance, string? name, string statistic, out KstatNamed value)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var entry = Lookup(module, instance, name);
            if (entry is null || entry.Type != KstatType.Named)
            {
                break;
            }

            if (entry.TryReadNamed(statistic, out value))
            {
                return true;
            }

            if (entry.Valid)
            {
                break;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Closes the chain (<c>kstat_close</c>). Every entry becomes invalid. Calling it again does nothing.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Invalidate();
            }

            _entries.Clear();
            _all = null;
            _handle.Dispose();
        }
    }

    /// <summary>
    /// Reads <paramref name="entry"/> (<c>kstat_read</c> into libkstat's own buffer) and returns a view of its data, valid
    /// until the lock is released. ENXIO: one chain update, then a retry if the kstat is still listed. EAGAIN: a few
    /// retries. Both give false if they persist; other errors throw. Caller holds <see cref="Gate"/>.
    /// </summary>
    internal bool TryReadLocked(KstatEntry entry, out NativeData data)
    {
        ThrowIfDisposed();
        var chainUpdated = false;
        var eagain = 0;
        while (true)
        {
            if (!entry.IsLive)
            {
                data = default;
                return false;
            }

            if (LibKstat.kstat_read(_handle, entry.Pointer, null) != -1)
            {
                break;
            }

            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Errno.ENXIO when !chainUpdated:
                    chainUpdated = true;
                    UpdateLocked();
                    continue;
                case Errno.EAGAIN when eagain < EagainRetries:
                    eagain++;
                    Thread.Sleep(EagainDelay);
                    continue;
                case Errno.ENXIO or Errno.EAGAIN:
                    data = default;
                    return false;
                default:
                    ThrowHelper.CallFailed("kstat_read", errno, entry.ToString());
                    break;
            }
        }

        var header = entry.Pointer;
        var size = header->ks_data_size;
        if (size > int.MaxValue)
        {
            ThrowHelper.Malformed($"{entry}: ks_data_size {size} is larger than any kstat can be.");
        }

        if (size > 0 && header->ks_data is null)
        {
            ThrowHelper.Malformed($"{entry}: kstat_read succeeded but ks_data is NULL with ks_data_size {size}.");
        }

        entry.Observe(header->ks_flags, header->ks_snaptime, (int)size, header->ks_ndata);
        data = new NativeData(new ReadOnlySpan<byte>(header->ks_data, (int)size), (ulong)header->ks_data, header->ks_ndata, header->ks_snaptime);
        return true;
    }

    private bool UpdateLocked()
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = LibKstat.kstat_chain_update(_handle);
            if (result == 0)
            {
                return false;
            }

            if (result != -1)
            {
                Resync();
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN && attempt < EagainRetries)
            {
                Thread.Sleep(EagainDelay);
                continue;
            }

            ThrowHelper.CallFailed("kstat_chain_update", errno, null);
        }
    }

    /// <summary>After a chain change: rebinds every entry whose kstat is still listed, invalidates the others.</summary>
    private void Resync()
    {
        _all = null;
        _scratch.Clear();
        var walked = 0;
        for (var pointer = _handle.Ctl->kc_chain; pointer is not null; pointer = pointer->ks_next)
        {
            CountStep(ref walked);
            _scratch.TryAdd(pointer->ks_kid, (nint)pointer);
        }

        List<int>? gone = null;
        foreach (var (kid, entry) in _entries)
        {
            if (_scratch.TryGetValue(kid, out var pointer) && entry.IsSameKstat((KstatNative*)pointer))
            {
                entry.Rebind((KstatNative*)pointer);
            }
            else
            {
                entry.Invalidate();
                (gone ??= []).Add(kid);
            }
        }

        if (gone is not null)
        {
            foreach (var kid in gone)
            {
                _entries.Remove(kid);
            }
        }

        _scratch.Clear();
    }

    /// <summary>The one entry for the kstat at <paramref name="pointer"/>, created on first sight. Caller holds the lock.</summary>
    private KstatEntry EntryFor(KstatNative* pointer)
    {
        if (_entries.TryGetValue(pointer->ks_kid, out var entry))
        {
            if (entry.Pointer == pointer)
            {
                return entry;
            }

            if (entry.IsSameKstat(pointer))
            {
                entry.Rebind(pointer);
                return entry;
            }

            entry.Invalidate();
        }

        entry = new KstatEntry(this, pointer);
        _entries[entry.Id] = entry;
        return entry;
    }

    private static void CountStep(ref int walked)
    {
        if (++walked > MaxChainLength)
        {
            ThrowHelper.Malformed($"The kstat chain has more than {MaxChainLength} headers: its ks_next links form a cycle.");
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowHelper.Disposed();
        }
    }
}
