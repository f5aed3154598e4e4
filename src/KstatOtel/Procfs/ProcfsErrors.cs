using KstatOtel.Interop;

namespace KstatOtel.Procfs;

/// <summary>Maps errno values from procfs system calls to <see cref="ProcfsReadStatus"/> or a clear exception.</summary>
internal static class ProcfsErrors
{
    /// <summary>Gone for ENOENT/ESRCH, Denied for EACCES/EPERM; anything else throws <see cref="IOException"/>.</summary>
    public static ProcfsReadStatus ToStatus(int errno, string operation, string path) => errno switch
    {
        Errno.ENOENT or Errno.ESRCH => ProcfsReadStatus.Gone,
        Errno.EACCES or Errno.EPERM => ProcfsReadStatus.Denied,
        _ => throw Unexpected(errno, operation, path),
    };

    public static IOException Unexpected(int errno, string operation, string path)
    {
        var hint = errno switch
        {
            Errno.EMFILE => " The process has reached its open file limit: raise it (ulimit -n, or LimitNOFILE= in a systemd unit).",
            Errno.ENFILE => " The system has reached its open file limit: raise fs.file-max.",
            Errno.ENOTDIR => " Check that the procfs root option points at a procfs mount (default /proc).",
            _ => string.Empty,
        };
        return new IOException($"{operation} {path} failed: {Errno.Describe(errno)}.{hint}", errno);
    }
}
