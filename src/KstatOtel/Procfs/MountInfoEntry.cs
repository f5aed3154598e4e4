namespace KstatOtel.Procfs;

/// <summary>
/// One line of /proc/[pid]/mountinfo (proc(5)): "id parent major:minor root mount-point options [optional...] -
/// fstype source super-options". <see cref="Root"/> and <see cref="MountPoint"/> keep the kernel's octal escapes
/// (\040 for a space); decode them with <see cref="MountInfoReader.DecodePath"/>. The spans point into the content.
/// </summary>
internal readonly ref struct MountInfoEntry
{
    public int MountId { get; init; }

    public int ParentId { get; init; }

    public uint Major { get; init; }

    public uint Minor { get; init; }

    public ReadOnlySpan<byte> Root { get; init; }

    public ReadOnlySpan<byte> MountPoint { get; init; }

    public ReadOnlySpan<byte> MountOptions { get; init; }

    /// <summary>The optional fields ("shared:1 master:2"), space-separated; empty when there are none.</summary>
    public ReadOnlySpan<byte> OptionalFields { get; init; }

    public ReadOnlySpan<byte> FsType { get; init; }

    public ReadOnlySpan<byte> Source { get; init; }

    public ReadOnlySpan<byte> SuperOptions { get; init; }

    /// <summary>True when <paramref name="option"/> is one of the comma-separated <see cref="SuperOptions"/>.</summary>
    public bool HasSuperOption(ReadOnlySpan<byte> option)
    {
        var rest = SuperOptions;
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var item = comma < 0 ? rest : rest[..comma];
            if (item.SequenceEqual(option))
            {
                return true;
            }

            rest = comma < 0 ? default : rest[(comma + 1)..];
        }

        return false;
    }
}
