using KstatOtel.Interop;

namespace KstatOtel.Procfs;

/// <summary>
/// A procfs file opened once with open(2) (O_RDONLY | O_CLOEXEC, no flock) and re-read with pread(2) at offset 0,
/// which makes the kernel generate fresh content each time, into a buffer reused across reads. When the content
/// fills the buffer, the buffer grows and the read is repeated, so content is never cut. Steady-state reads
/// allocate nothing. Not thread-safe: one reader at a time.
/// </summary>
/// <remarks>
/// Why not <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/>: on Linux it
/// takes an advisory flock(LOCK_SH) on every open and releases it on close (measured with strace). A
/// <see cref="Microsoft.Win32.SafeHandles.SafeFileHandle"/> wrapped around our own descriptor avoids the lock too,
/// but adds an lseek on first use; calling pread directly needs nothing more.
/// </remarks>
internal sealed class ProcfsFile : IDisposable
{
    /// <summary>The largest content accepted (mountinfo on a host with many mounts stays far below).</summary>
    public const int MaxContentBytes = 64 * 1024 * 1024;

    private const int MinBufferBytes = 128;

    private readonly SafeFileDescriptor _fd;
    private readonly ProcfsReadBuffer _buffer;

    private ProcfsFile(string path, SafeFileDescriptor fd, int initialBufferBytes, ProcfsReadBuffer? shared)
    {
        Path = path;
        _fd = fd;
        _buffer = shared ?? new ProcfsReadBuffer(Math.Clamp(initialBufferBytes, MinBufferBytes, MaxContentBytes));
    }

    /// <summary>The path the file was opened with.</summary>
    public string Path { get; }

    /// <summary>The current size of the reused buffer (grows, never shrinks).</summary>
    public int BufferSize => _buffer.Bytes.Length;

    /// <summary>
    /// Opens <paramref name="path"/> for reading. Gone (ENOENT/ESRCH) and Denied (EACCES/EPERM) are results.
    /// With <paramref name="shared"/>, reads go to that buffer instead of one of the file's own: for files read one
    /// after the other whose content is used before the next read (the files of many processes).
    /// </summary>
    public static ProcfsReadStatus TryOpen(string path, out ProcfsFile? file, int initialBufferBytes = 1024, ProcfsReadBuffer? shared = null)
    {
        var fd = Libc.Open(path, Libc.ORdOnly | Libc.OCloExec, out var errno);
        if (fd < 0)
        {
            file = null;
            return ProcfsErrors.ToStatus(errno, "Opening", path);
        }

        file = new ProcfsFile(path, new SafeFileDescriptor(fd), initialBufferBytes, shared);
        return ProcfsReadStatus.Ok;
    }

    /// <summary>
    /// Opens, reads to the end and closes <paramref name="path"/>; for files read once (cgroup, mountinfo,
    /// /proc/stat). The content is a fresh array: this allocates.
    /// </summary>
    public static ProcfsReadStatus TryReadOnce(string path, out ReadOnlySpan<byte> content)
    {
        var status = TryOpen(path, out var file, 4096);
        if (status != ProcfsReadStatus.Ok)
        {
            content = default;
            return status;
        }

        using (file)
        {
            status = file!.TryReadToEnd(out var view);
            content = status == ProcfsReadStatus.Ok ? view.ToArray() : default;
            return status;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/>, reads it with one pread into <paramref name="buffer"/> and closes it, without
    /// allocating: for small files read seldom (/proc/[pid]/limits). Content that fills the buffer is cut: the
    /// result is then <see cref="ProcfsReadStatus.Ok"/> with <paramref name="length"/> equal to the buffer's length,
    /// which the caller treats as too large.
    /// </summary>
    public static ProcfsReadStatus TryReadOnceInto(string path, Span<byte> buffer, out int length)
    {
        length = 0;
        var fd = Libc.Open(path, Libc.ORdOnly | Libc.OCloExec, out var errno);
        if (fd < 0)
        {
            return ProcfsErrors.ToStatus(errno, "Opening", path);
        }

        try
        {
            var n = Libc.PRead(fd, buffer, 0, out errno);
            if (n < 0)
            {
                return ProcfsErrors.ToStatus(errno, "Reading", path);
            }

            length = (int)n;
            return ProcfsReadStatus.Ok;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Reads the whole content with one pread at offset 0 (a second one after growing when the buffer was full).
    /// For files the kernel generates in one piece (single_open: stat, status, io, statm, limits, smaps_rollup,
    /// wchan, cgroup, /proc/stat). The span is valid until the next read or <see cref="Dispose"/>.
    /// </summary>
    public ProcfsReadStatus TryRead(out ReadOnlySpan<byte> content)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        while (true)
        {
            var n = Libc.PRead(_fd, _buffer.Bytes, 0, out var errno);
            if (n < 0)
            {
                content = default;
                return ProcfsErrors.ToStatus(errno, "Reading", Path);
            }

            if (n < _buffer.Bytes.Length)
            {
                content = new ReadOnlySpan<byte>(_buffer.Bytes, 0, (int)n);
                if (n > _buffer.Bytes.Length - (_buffer.Bytes.Length / 4))
                {
                    // Nearly full: grow now so the next read (whose numbers may be longer) needs one pread.
                    Grow(_buffer.Bytes.Length * 2, copy: (int)n);
                    content = new ReadOnlySpan<byte>(_buffer.Bytes, 0, (int)n);
                }

                return ProcfsReadStatus.Ok;
            }

            Grow(_buffer.Bytes.Length * 2, copy: 0);
        }
    }

    /// <summary>
    /// Reads until pread returns 0. For files the kernel generates record by record (mountinfo), where a short
    /// read does not mean the end. The span is valid until the next read or <see cref="Dispose"/>.
    /// </summary>
    public ProcfsReadStatus TryReadToEnd(out ReadOnlySpan<byte> content)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        var total = 0;
        while (true)
        {
            if (total == _buffer.Bytes.Length)
            {
                Grow(_buffer.Bytes.Length * 2, copy: total);
            }

            var n = Libc.PRead(_fd, _buffer.Bytes.AsSpan(total), total, out var errno);
            if (n < 0)
            {
                content = default;
                return ProcfsErrors.ToStatus(errno, "Reading", Path);
            }

            if (n == 0)
            {
                content = new ReadOnlySpan<byte>(_buffer.Bytes, 0, total);
                return ProcfsReadStatus.Ok;
            }

            total += (int)n;
        }
    }

    public void Dispose() => _fd.Dispose();

    private void Grow(int size, int copy)
    {
        if (_buffer.Bytes.Length >= MaxContentBytes)
        {
            throw new IOException($"{Path} holds more than {MaxContentBytes} bytes; refusing to read further.");
        }

        var bigger = new byte[Math.Min(size, MaxContentBytes)];
        _buffer.Bytes.AsSpan(0, copy).CopyTo(bigger);
        _buffer.Bytes = bigger;
    }
}
