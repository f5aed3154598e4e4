namespace KstatOtel.Procfs;

/// <summary>The rows of /proc/[pid]/limits the package uses; a row the file lacks is null.</summary>
internal struct ProcLimits
{
    /// <summary>"Max open files" (RLIMIT_NOFILE).</summary>
    public ResourceLimit? OpenFiles;

    /// <summary>"Max processes" (RLIMIT_NPROC).</summary>
    public ResourceLimit? Processes;

    /// <summary>"Max address space" (RLIMIT_AS), in bytes.</summary>
    public ResourceLimit? AddressSpace;
}
