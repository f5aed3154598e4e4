namespace KstatOtel.Procfs;

/// <summary>
/// Holds the procfs files of one process (or one thread) open and reads them all into a
/// <see cref="ProcessSample"/>: stat always, plus the <see cref="ProcessFiles"/> asked for. Files stay open for the
/// reader's lifetime (pread at offset 0 returns fresh values), and a kept-open file keeps naming the same task even
/// when its pid is reused: once the task has ended, reads report <see cref="ProcfsReadStatus.Gone"/>.
/// Steady-state reads allocate nothing. Not thread-safe: one reader per refresh loop.
/// </summary>
internal sealed class ProcessReader : IDisposable
{
    private readonly ProcfsFile _stat;
    private readonly ProcfsFile? _status;
    private readonly ProcfsFile? _io;
    private readonly ProcfsFile? _statm;
    private readonly ProcfsFile? _smapsRollup;
    private readonly ProcfsFile? _wchan;
    private readonly FileDescriptorCounter? _fds;
    private readonly string _limitsPath;
    private readonly ProcessFiles _deniedAtOpen;
    private readonly ProcessFiles _unavailableAtOpen;
    private bool _disposed;

    private ProcessReader(
        int pid,
        int? tid,
        string directory,
        ProcessFiles requested,
        ProcfsFile stat,
        ProcfsFile? status,
        ProcfsFile? io,
        ProcfsFile? statm,
        ProcfsFile? smapsRollup,
        ProcfsFile? wchan,
        FileDescriptorCounter? fds,
        ProcessFiles deniedAtOpen,
        ProcessFiles unavailableAtOpen)
    {
        Pid = pid;
        Tid = tid;
        Directory = directory;
        Requested = requested;
        _stat = stat;
        _status = status;
        _io = io;
        _statm = statm;
        _smapsRollup = smapsRollup;
        _wchan = wchan;
        _fds = fds;
        _deniedAtOpen = deniedAtOpen;
        _unavailableAtOpen = unavailableAtOpen;
        _limitsPath = directory + "/limits";
    }

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>The thread id for a thread reader, null for a process reader.</summary>
    public int? Tid { get; }

    /// <summary>The directory read, e.g. "/proc/42" or "/proc/42/task/43".</summary>
    public string Directory { get; }

    /// <summary>The files asked for (with <see cref="ProcessFiles.Stat"/>).</summary>
    public ProcessFiles Requested { get; }

    /// <summary>The requested files whose open was refused (EACCES/EPERM); they are never read.</summary>
    public ProcessFiles DeniedAtOpen => _deniedAtOpen;

    /// <summary>The requested files that did not exist for this task when opened; they are never read.</summary>
    public ProcessFiles UnavailableAtOpen => _unavailableAtOpen;

    /// <summary>
    /// Opens the files of process <paramref name="pid"/> under <paramref name="procfsRoot"/>. Gone when the process
    /// does not exist (or ends while opening); Denied when even stat cannot be opened (hidepid). A denied optional
    /// file is recorded in <see cref="DeniedAtOpen"/> and the reader is still returned.
    /// </summary>
    /// <remarks>
    /// With <paramref name="shared"/>, every file of the reader reads into that buffer (see <see cref="ProcfsReadBuffer"/>):
    /// for many readers used one at a time; spans returned (wchan) are then valid until any of them reads again.
    /// </remarks>
    public static ProcfsReadStatus TryOpen(string procfsRoot, int pid, ProcessFiles files, out ProcessReader? reader, ProcfsReadBuffer? shared = null) =>
        TryOpen(ProcfsPaths.ForProcess(procfsRoot, pid, string.Empty).TrimEnd('/'), pid, null, files, out reader, shared);

    /// <summary>Opens the files of thread <paramref name="tid"/> of process <paramref name="pid"/> (/proc/[pid]/task/[tid]).</summary>
    public static ProcfsReadStatus TryOpenThread(string procfsRoot, int pid, int tid, ProcessFiles files, out ProcessReader? reader, ProcfsReadBuffer? shared = null) =>
        TryOpen(ProcfsPaths.ForThread(procfsRoot, pid, tid, string.Empty).TrimEnd('/'), pid, tid, files, out reader, shared);

    /// <summary>
    /// Reads every open file into <paramref name="sample"/>. Gone when the process ended (the sample is then not
    /// usable); Denied when stat itself was refused. A refused optional file is left out and recorded in
    /// <see cref="ProcessSample.Denied"/>. Content that does not parse raises <see cref="MalformedInputException"/>.
    /// </summary>
    public ProcfsReadStatus TryRead(out ProcessSample sample)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        sample = default;
        sample.Denied = _deniedAtOpen;
        sample.Unavailable = _unavailableAtOpen;

        var status = _stat.TryRead(out var content);
        if (status != ProcfsReadStatus.Ok)
        {
            return status;
        }

        sample.Stat = ProcStatParser.Parse(content);
        sample.Read = ProcessFiles.Stat;

        if (_status is not null)
        {
            status = _status.TryRead(out content);
            if (!Continue(status, ProcessFiles.Status, ref sample))
            {
                return status;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                sample.Status = ProcStatusParser.Parse(content);
            }
        }

        if (_io is not null)
        {
            status = _io.TryRead(out content);
            if (!Continue(status, ProcessFiles.Io, ref sample))
            {
                return status;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                sample.Io = ProcIoParser.Parse(content);
            }
        }

        if (_statm is not null)
        {
            status = _statm.TryRead(out content);
            if (!Continue(status, ProcessFiles.Statm, ref sample))
            {
                return status;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                sample.Statm = ProcStatmParser.Parse(content);
            }
        }

        if (_smapsRollup is not null)
        {
            status = _smapsRollup.TryRead(out content);
            if (!Continue(status, ProcessFiles.SmapsRollup, ref sample))
            {
                return status;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                sample.SmapsRollup = SmapsRollupParser.Parse(content);
            }
        }

        if (_fds is not null)
        {
            status = _fds.TryCount(out var count);
            if (!Continue(status, ProcessFiles.FileDescriptors, ref sample))
            {
                return status;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                sample.OpenFileDescriptors = count;
            }
        }

        return ProcfsReadStatus.Ok;
    }

    /// <summary>
    /// Reads the wait channel (needs <see cref="ProcessFiles.Wchan"/>): the symbol, or an empty span when the task
    /// is not waiting. The span is valid until the next wchan read.
    /// </summary>
    public ProcfsReadStatus TryReadWchan(out ReadOnlySpan<byte> symbol)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_wchan is null)
        {
            throw new InvalidOperationException("This reader was opened without ProcessFiles.Wchan.");
        }

        var status = _wchan.TryRead(out var content);
        symbol = status == ProcfsReadStatus.Ok ? WchanParser.Parse(content) : default;
        return status;
    }

    /// <summary>
    /// Reads /proc/[pid]/limits. Limits change rarely, so the file is opened for this read only (no buffer kept).
    /// Allocates; call it seldom.
    /// </summary>
    public ProcfsReadStatus TryReadLimits(out ProcLimits limits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var status = ProcfsFile.TryReadOnce(_limitsPath, out var content);
        limits = status == ProcfsReadStatus.Ok ? ProcLimitsParser.Parse(content) : default;
        return status;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stat.Dispose();
        _status?.Dispose();
        _io?.Dispose();
        _statm?.Dispose();
        _smapsRollup?.Dispose();
        _wchan?.Dispose();
        _fds?.Dispose();
    }

    /// <summary>
    /// Records the outcome of one optional file; false when the whole read must stop because the task ended.
    /// A kernel thread or a zombie has no memory map, and its smaps_rollup answers ESRCH while the task still
    /// exists: when stat still reads, such a file is recorded as unavailable instead of ending the read.
    /// </summary>
    private bool Continue(ProcfsReadStatus status, ProcessFiles file, ref ProcessSample sample)
    {
        switch (status)
        {
            case ProcfsReadStatus.Ok:
                sample.Read |= file;
                return true;
            case ProcfsReadStatus.Denied:
                sample.Denied |= file;
                return true;
            default:
                if (_stat.TryRead(out _) == ProcfsReadStatus.Ok)
                {
                    sample.Unavailable |= file;
                    return true;
                }

                return false;
        }
    }

    private static ProcfsReadStatus TryOpen(string directory, int pid, int? tid, ProcessFiles files, out ProcessReader? reader, ProcfsReadBuffer? shared)
    {
        reader = null;
        files |= ProcessFiles.Stat;
        var result = ProcfsFile.TryOpen(directory + "/stat", out var stat, 512, shared);
        if (result != ProcfsReadStatus.Ok)
        {
            return result;
        }

        var denied = ProcessFiles.None;
        var unavailable = ProcessFiles.None;
        ProcfsFile? status = null, io = null, statm = null, smapsRollup = null, wchan = null;
        FileDescriptorCounter? fds = null;
        try
        {
            result = OpenOptional(directory, files, ProcessFiles.Status, "status", 2048, shared, ref denied, ref unavailable, stat!, out status);
            if (result == ProcfsReadStatus.Ok)
            {
                result = OpenOptional(directory, files, ProcessFiles.Io, "io", 256, shared, ref denied, ref unavailable, stat!, out io);
            }

            if (result == ProcfsReadStatus.Ok)
            {
                result = OpenOptional(directory, files, ProcessFiles.Statm, "statm", 128, shared, ref denied, ref unavailable, stat!, out statm);
            }

            if (result == ProcfsReadStatus.Ok)
            {
                result = OpenOptional(directory, files, ProcessFiles.SmapsRollup, "smaps_rollup", 1024, shared, ref denied, ref unavailable, stat!, out smapsRollup);
            }

            if (result == ProcfsReadStatus.Ok)
            {
                result = OpenOptional(directory, files, ProcessFiles.Wchan, "wchan", 128, shared, ref denied, ref unavailable, stat!, out wchan);
            }

            if (result == ProcfsReadStatus.Ok && (files & ProcessFiles.FileDescriptors) != 0)
            {
                result = FileDescriptorCounter.TryOpen(directory + "/fd", out fds);
                result = Classify(result, ProcessFiles.FileDescriptors, ref denied, ref unavailable, stat!);
            }

            if (result == ProcfsReadStatus.Ok)
            {
                reader = new ProcessReader(pid, tid, directory, files, stat!, status, io, statm, smapsRollup, wchan, fds, denied, unavailable);
                return ProcfsReadStatus.Ok;
            }
        }
        catch
        {
            DisposeAll(stat, status, io, statm, smapsRollup, wchan, fds);
            throw;
        }

        // The process ended while its files were being opened.
        DisposeAll(stat, status, io, statm, smapsRollup, wchan, fds);
        return result;
    }

    /// <summary>
    /// Opens one optional file when asked for. A refusal is recorded in <paramref name="denied"/>, a file missing
    /// while the task still exists in <paramref name="unavailable"/>; only the task's end is returned (Gone).
    /// </summary>
    private static ProcfsReadStatus OpenOptional(string directory, ProcessFiles files, ProcessFiles file, string name, int bufferBytes, ProcfsReadBuffer? shared, ref ProcessFiles denied, ref ProcessFiles unavailable, ProcfsFile stat, out ProcfsFile? handle)
    {
        handle = null;
        if ((files & file) == 0)
        {
            return ProcfsReadStatus.Ok;
        }

        var result = ProcfsFile.TryOpen(directory + "/" + name, out handle, bufferBytes, shared);
        return Classify(result, file, ref denied, ref unavailable, stat);
    }

    private static ProcfsReadStatus Classify(ProcfsReadStatus result, ProcessFiles file, ref ProcessFiles denied, ref ProcessFiles unavailable, ProcfsFile stat)
    {
        switch (result)
        {
            case ProcfsReadStatus.Denied:
                denied |= file;
                return ProcfsReadStatus.Ok;
            case ProcfsReadStatus.Gone when stat.TryRead(out _) == ProcfsReadStatus.Ok:
                unavailable |= file;
                return ProcfsReadStatus.Ok;
            default:
                return result;
        }
    }

    private static void DisposeAll(params IDisposable?[] items)
    {
        foreach (var item in items)
        {
            item?.Dispose();
        }
    }
}
