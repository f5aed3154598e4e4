using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// One NAMED kstat the host module reads, with the values it keeps: read at most once per refresh however many
/// collectors use it (a statistic named with AddKstat and a built-in instrument share the read), so every instrument
/// of a refresh sees the same coherent set of values. Re-reading overwrites <see cref="Values"/> in place (no allocation).
/// </summary>
internal sealed class NamedKstatReader
{
    private long _readAt = -1;
    private bool _lastRead;

    public NamedKstatReader(KstatEntry entry)
    {
        Entry = entry;
    }

    public KstatEntry Entry { get; }

    /// <summary>The values of the last successful read.</summary>
    public KstatNamedValues Values { get; } = new();

    /// <summary>
    /// Reads the kstat unless it was already read in refresh <paramref name="refresh"/>; false when it is gone (its
    /// series then stop). libkstat errors other than a vanished kstat throw.
    /// </summary>
    public bool TryRead(long refresh)
    {
        if (_readAt != refresh)
        {
            _readAt = refresh;
            _lastRead = Entry.Valid && Entry.TryReadNamed(Values);
        }

        return _lastRead;
    }
}
