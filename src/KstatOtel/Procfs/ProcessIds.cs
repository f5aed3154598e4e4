namespace KstatOtel.Procfs;

/// <summary>The four ids of a status "Uid:" or "Gid:" line: real, effective, saved set, filesystem.</summary>
internal readonly record struct ProcessIds(uint Real, uint Effective, uint SavedSet, uint Filesystem);
