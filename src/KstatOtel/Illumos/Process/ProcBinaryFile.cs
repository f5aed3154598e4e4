using KstatOtel.Interop;
using KstatOtel.Procfs;

namespace KstatOtel.Illumos.Process;

/// <summary>
/// A binary procfs file (psinfo, usage) opened once and re-read with pread at offset 0 into a kept buffer: each read
/// returns the kernel's current structure, and steady-state reads allocate nothing. Not thread-safe.
/// </summary>
internal sealed class ProcBinaryFile : IDisposable
{
    /// <summary>O_CLOEXEC: 0x800000 on illumos and Solaris (sys/fcntl.h); Linux's value elsewhere (tests).</summary>
    private static readonly int CloseOnExec = IllumosPlatform.IsCurrent ? 0x800000 : Libc.OCloExec;

    private readonly SafeFileDescriptor _fd;
    private readonly byte[] _buffer;

    private ProcBinaryFile(string path, SafeFileDescriptor fd, int bufferSize)
    {
        Path = path;
        _fd = fd;
        _buffer = new byte[bufferSize];
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/>; Gone (ENOENT) and Denied (EACCES, EPERM) are results, other errors throw <see cref="IOException"/>.</summary>
    public static ProcfsReadStatus TryOpen(string path, int bufferSize, out ProcBinaryFile? file)
    {
        var fd = Libc.Open(path, Libc.ORdOnly | CloseOnExec, out var errno);
        if (fd < 0)
        {
            file = null;
            return ProcfsErrors.ToStatus(errno, "Opening", path);
        }

        file = new ProcBinaryFile(path, new SafeFileDescriptor(fd), bufferSize);
        return ProcfsReadStatus.Ok;
    }

    /// <summary>Reads the whole structure; the span is valid until the next read.</summary>
    /// <exception cref="IOException">pread failed, or the file is larger than the buffer (not the structure expected).</exception>
    public ReadOnlySpan<byte> Read()
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        var n = Libc.PRead(_fd, _buffer, 0, out var errno);
        if (n < 0)
        {
            throw ProcfsErrors.Unexpected(errno, "Reading", Path);
        }

        if (n == _buffer.Length)
        {
            throw new IOException($"{Path} holds {_buffer.Length} bytes or more, more than the structure expected there: is the procfs root an illumos /proc?");
        }

        return new ReadOnlySpan<byte>(_buffer, 0, (int)n);
    }

    public void Dispose() => _fd.Dispose();
}
