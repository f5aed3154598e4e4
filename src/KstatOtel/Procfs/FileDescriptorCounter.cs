using KstatOtel.Interop;

namespace KstatOtel.Procfs;

/// <summary>
/// Counts a process's open descriptors from the st_size of /proc/[pid]/fd (Linux 6.2+ reports the count there),
/// through an O_PATH descriptor kept open on the directory and statx(AT_EMPTY_PATH): one system call, no listing.
/// Where st_size is 0 (older kernels) it lists the directory instead, and keeps doing so once a listing found
/// entries; a directory that is not on procfs (a fixture tree) is always listed. Once this kernel is known to report
/// the count (the reading process's own fd directory has a size), a size of 0 is taken as no descriptor (kernel
/// threads, zombies) without listing. The count includes the
/// descriptors this package holds open in the counted process (when it counts itself), as they are open
/// descriptors of that process. Not thread-safe.
/// </summary>
internal sealed class FileDescriptorCounter : IDisposable
{
    private readonly SafeFileDescriptor _pathFd;
    private ProcfsDirectory? _listing;
    private bool _listingOnly;

    private FileDescriptorCounter(string path, SafeFileDescriptor pathFd, bool forceListing)
    {
        Path = path;
        _pathFd = pathFd;
        _listingOnly = forceListing;
    }

    /// <summary>
    /// True when this kernel reports descriptor counts as the size of /proc/[pid]/fd (Linux 6.2+): the reading
    /// process's own fd directory, which always holds descriptors, has a size other than 0.
    /// </summary>
    private static readonly Lazy<bool> KernelReportsCount = new(() =>
    {
        var fd = Libc.Open("/proc/self/fd", Libc.OPath | Libc.OCloExec, out _);
        if (fd < 0)
        {
            return false;
        }

        using var handle = new SafeFileDescriptor(fd);
        return Libc.TryStatxSize(handle, out var size, out var known, out _) && known && size > 0;
    });

    /// <summary>The fd directory counted.</summary>
    public string Path { get; }

    /// <summary>True once counting lists the directory instead of using its size.</summary>
    public bool UsesListing => _listingOnly;

    /// <summary>
    /// Opens the fd directory (<paramref name="fdDirectory"/>, e.g. "/proc/42/fd").
    /// <paramref name="forceListing"/> skips the st_size route (tests use it to check the fallback).
    /// </summary>
    public static ProcfsReadStatus TryOpen(string fdDirectory, out FileDescriptorCounter? counter, bool forceListing = false)
    {
        var fd = Libc.Open(fdDirectory, Libc.OPath | Libc.OCloExec, out var errno);
        if (fd < 0)
        {
            counter = null;
            return ProcfsErrors.ToStatus(errno, "Opening", fdDirectory);
        }

        var handle = new SafeFileDescriptor(fd);

        // st_size counts descriptors only on procfs; a fixture tree (a procfs root option pointing at ordinary
        // directories) reports its directory size there, so it is always listed.
        var onProcfs = Libc.TryGetFilesystemType(handle, out var type, out _) && type == Libc.ProcSuperMagic;
        counter = new FileDescriptorCounter(fdDirectory, handle, forceListing || !onProcfs);
        return ProcfsReadStatus.Ok;
    }

    /// <summary>The number of open descriptors of the process.</summary>
    public ProcfsReadStatus TryCount(out long count)
    {
        ObjectDisposedException.ThrowIf(_pathFd.IsClosed, this);
        if (!_listingOnly)
        {
            if (!Libc.TryStatxSize(_pathFd, out var size, out var sizeKnown, out var errno))
            {
                count = 0;
                return ProcfsErrors.ToStatus(errno, "Getting the size of", Path);
            }

            if (sizeKnown && (size > 0 || KernelReportsCount.Value))
            {
                count = (long)Math.Min(size, long.MaxValue);
                return ProcfsReadStatus.Ok;
            }
        }

        var status = TryCountByListing(out var listed);
        count = listed;
        if (status == ProcfsReadStatus.Ok && listed > 0)
        {
            _listingOnly = true;
        }

        return status;
    }

    public void Dispose()
    {
        _listing?.Dispose();
        _pathFd.Dispose();
    }

    private ProcfsReadStatus TryCountByListing(out int count)
    {
        if (_listing is null)
        {
            var status = ProcfsDirectory.TryOpen(Path, out _listing);
            if (status != ProcfsReadStatus.Ok)
            {
                count = 0;
                return status;
            }
        }

        return _listing!.TryCountEntries(out count);
    }
}
