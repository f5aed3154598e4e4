namespace KstatOtel.Procfs;

/// <summary>/proc/[pid]/statm: seven sizes, all in pages (<see cref="ProcfsSystem.PageSize"/>).</summary>
internal readonly record struct ProcStatm(ulong Size, ulong Resident, ulong Shared, ulong Text, ulong Lib, ulong Data, ulong Dirty);
