namespace KstatOtel.Procfs;

/// <summary>
/// One read of a process (or thread) through a <see cref="ProcessReader"/>. <see cref="Read"/> says which files
/// were read; a part not read holds its default, in which every value is null (absent), never a made-up 0.
/// </summary>
internal struct ProcessSample
{
    /// <summary>The files read in this sample (always includes <see cref="ProcessFiles.Stat"/> when the read succeeded).</summary>
    public ProcessFiles Read;

    /// <summary>The requested files that could not be read for lack of permission (EACCES/EPERM).</summary>
    public ProcessFiles Denied;

    /// <summary>
    /// The requested files the kernel has nothing in for this task while it still exists: smaps_rollup of a
    /// kernel thread or a zombie (no memory map) answers ESRCH.
    /// </summary>
    public ProcessFiles Unavailable;

    public ProcStat Stat;

    public ProcStatus Status;

    public ProcIo Io;

    /// <summary>Valid when <see cref="Read"/> has <see cref="ProcessFiles.Statm"/>.</summary>
    public ProcStatm Statm;

    public SmapsRollup SmapsRollup;

    /// <summary>Open descriptors, or null when not read.</summary>
    public long? OpenFileDescriptors;

    /// <summary>True when every requested file was read.</summary>
    public readonly bool IsComplete(ProcessFiles requested) => (Read & requested) == requested;
}
