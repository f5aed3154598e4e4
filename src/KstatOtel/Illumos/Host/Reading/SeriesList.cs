namespace KstatOtel.Illumos.Host;

/// <summary>
/// A list of per-series values inside a snapshot part (one entry per disk, link, CPU...), reused across refreshes:
/// it grows to the largest count seen and never shrinks, so steady-state refreshes and copies allocate nothing.
/// </summary>
/// <typeparam name="T">The per-series values; they refer to cached, never-mutated tag arrays.</typeparam>
internal sealed class SeriesList<T>
    where T : struct
{
    private T[] _items = [];
    private int _count;

    public int Count => _count;

    /// <summary>The series, valid until the list is changed.</summary>
    public ReadOnlySpan<T> Items => _items.AsSpan(0, _count);

    /// <summary>Empties the list (the slots are cleared so vanished series release their tag arrays).</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Appends a series and returns it to fill.</summary>
    public ref T Add()
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        }

        _items[_count] = default;
        return ref _items[_count++];
    }

    public void CopyFrom(SeriesList<T> other)
    {
        if (_items.Length < other._count)
        {
            _items = new T[other._items.Length];
        }

        Array.Clear(_items, other._count, _items.Length - other._count);
        Array.Copy(other._items, _items, other._count);
        _count = other._count;
    }
}
