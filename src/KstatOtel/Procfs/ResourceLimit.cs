namespace KstatOtel.Procfs;

/// <summary>A soft and hard limit from /proc/[pid]/limits; null stands for "unlimited".</summary>
internal readonly record struct ResourceLimit(ulong? Soft, ulong? Hard)
{
    public bool SoftIsUnlimited => Soft is null;

    public bool HardIsUnlimited => Hard is null;
}
