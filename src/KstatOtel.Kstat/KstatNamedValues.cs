using System.Collections;

namespace KstatOtel.Kstat;

/// <summary>
/// The statistics of a NAMED kstat from one read: one coherent set of values taken at <see cref="SnapTime"/>.
/// A caller keeps one instance per kstat and passes it to <see cref="KstatEntry.TryReadNamed(KstatNamedValues)"/>
/// on every refresh: the read overwrites the values in place, reusing the name and text strings whose bytes did not
/// change, so a steady-state re-read allocates nothing. Look a statistic's index up once with <see cref="IndexOf"/>,
/// then read it by index; <see cref="LayoutChanged"/> says when the names or types moved and indexes must be looked up again.
/// An instance is not safe for concurrent use: fill and read it from one thread at a time.
/// </summary>
public sealed class KstatNamedValues : IReadOnlyList<KstatNamed>
{
    private Slot[] _slots;
    private int _count;

    /// <summary>Creates an empty set; <paramref name="capacity"/> statistics fit before the first read grows it.</summary>
    public KstatNamedValues(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _slots = capacity == 0 ? [] : new Slot[capacity];
    }

    /// <summary>The number of statistics.</summary>
    public int Count => _count;

    /// <summary>When the kernel took the values: nanoseconds since boot (<c>ks_snaptime</c>, from gethrtime).</summary>
    public long SnapTime { get; private set; }

    /// <summary>
    /// True when the last read changed the number, names or types of the statistics (always after the first read
    /// into this instance); indexes from <see cref="IndexOf"/> must then be looked up again.
    /// </summary>
    public bool LayoutChanged { get; private set; }

    /// <summary>Increases each time <see cref="LayoutChanged"/> is set, so a caller can compare with the version it resolved indexes at.</summary>
    public int LayoutVersion { get; private set; }

    /// <summary>The statistic at <paramref name="index"/>, in the kstat's order.</summary>
    public KstatNamed this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_count} statistics.");
            }

            ref var slot = ref _slots[index];
            return new KstatNamed(slot.Name, slot.Type, slot.Bits, slot.Text);
        }
    }

    /// <summary>The index of the statistic named <paramref name="name"/> (ordinal comparison), or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_slots[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Finds the statistic named <paramref name="name"/>.</summary>
    public bool TryGetValue(string name, out KstatNamed value)
    {
        var index = IndexOf(name);
        value = index < 0 ? default : this[index];
        return index >= 0;
    }

    /// <summary>An allocation-free enumerator over the statistics.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KstatNamed> IEnumerable<KstatNamed>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Prepares for a read of <paramref name="count"/> statistics.</summary>
    internal void BeginFill(int count)
    {
        if (_slots.Length < count)
        {
            Array.Resize(ref _slots, count);
        }

        LayoutChanged = count != _count;
        _count = count;
    }

    /// <summary>Stores statistic <paramref name="index"/>, reusing the name and text strings when their bytes are unchanged.</summary>
    internal void Set(int index, ReadOnlySpan<byte> name, KstatDataType type, ulong bits, ReadOnlySpan<byte> text, bool hasText)
    {
        ref var slot = ref _slots[index];
        if (slot.Name is null || !Utf8Text.EqualsString(name, slot.Name))
        {
            slot.Name = Utf8Text.Decode(name);
            LayoutChanged = true;
        }

        if (slot.Type != type)
        {
            slot.Type = type;
            LayoutChanged = true;
        }

        slot.Bits = bits;
        if (!hasText)
        {
            slot.Text = null;
        }
        else if (slot.Text is null || !Utf8Text.EqualsString(text, slot.Text))
        {
            slot.Text = Utf8Text.Decode(text);
        }
    }

    /// <summary>Completes a read taken at <paramref name="snapTime"/>.</summary>
    internal void EndFill(long snapTime)
    {
        SnapTime = snapTime;
        if (LayoutChanged)
        {
            LayoutVersion++;
        }
    }

    /// <summary>Enumerates the statistics of a <see cref="KstatNamedValues"/> without allocating.</summary>
    public struct Enumerator : IEnumerator<KstatNamed>
    {
        private readonly KstatNamedValues _values;
        private int _index;

        internal Enumerator(KstatNamedValues values)
        {
            _values = values;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KstatNamed Current => _values[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _values._count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }

    private struct Slot
    {
        public string Name;
        public KstatDataType Type;
        public ulong Bits;
        public string? Text;
    }
}
