using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>The host module's <see cref="NamedKstatReader"/>s, one per NAMED kstat any collector uses.</summary>
internal sealed class NamedKstatCache
{
    private readonly Dictionary<KstatEntry, NamedKstatReader> _readers = new(ReferenceEqualityComparer.Instance);
    private readonly List<KstatEntry> _gone = [];

    /// <summary>The reader of <paramref name="entry"/>, created on first use (during a chain resolution).</summary>
    public NamedKstatReader Get(KstatEntry entry)
    {
        if (!_readers.TryGetValue(entry, out var reader))
        {
            reader = new NamedKstatReader(entry);
            _readers.Add(entry, reader);
        }

        return reader;
    }

    /// <summary>Forgets the readers of kstats that left the chain (after a chain change).</summary>
    public void Prune()
    {
        foreach (var entry in _readers.Keys)
        {
            if (!entry.Valid)
            {
                _gone.Add(entry);
            }
        }

        foreach (var entry in _gone)
        {
            _readers.Remove(entry);
        }

        _gone.Clear();
    }

    public int Count => _readers.Count;
}
