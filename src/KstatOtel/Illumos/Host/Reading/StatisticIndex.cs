using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// The index of one statistic in a reader's values, looked up by name once and again only when the kstat's layout
/// changed (<see cref="KstatNamedValues.LayoutVersion"/>) or the reader is another one (a recreated kstat).
/// </summary>
internal struct StatisticIndex
{
    private readonly string _name;
    private NamedKstatReader? _reader;
    private int _version;
    private int _index;

    public StatisticIndex(string name)
    {
        _name = name;
        _version = -1;
        _index = -1;
    }

    public readonly string Name => _name;

    /// <summary>The index of the statistic in <paramref name="reader"/>'s values, or -1 when it has none.</summary>
    public int Resolve(NamedKstatReader reader)
    {
        var values = reader.Values;
        if (!ReferenceEquals(reader, _reader) || values.LayoutVersion != _version)
        {
            _reader = reader;
            _version = values.LayoutVersion;
            _index = values.IndexOf(_name);
        }

        return _index;
    }

    /// <summary>Reads the statistic as an unsigned counter or level (see <see cref="NamedNumbers.TryGetUInt64"/>).</summary>
    public bool TryGetUInt64(NamedKstatReader reader, out ulong value, out bool narrow) =>
        NamedNumbers.TryGetUInt64(reader.Values, Resolve(reader), out value, out narrow);

    /// <summary>Reads the statistic as an unsigned counter or level, ignoring its width.</summary>
    public bool TryGetUInt64(NamedKstatReader reader, out ulong value) =>
        NamedNumbers.TryGetUInt64(reader.Values, Resolve(reader), out value, out _);

    /// <summary>Reads a text statistic (CHAR or STRING); the string is the one the binding keeps while its bytes do not change.</summary>
    public bool TryGetText(NamedKstatReader reader, out string text)
    {
        var index = Resolve(reader);
        if (index >= 0)
        {
            var named = reader.Values[index];
            if (named.IsText)
            {
                text = named.StringValue;
                return true;
            }
        }

        text = string.Empty;
        return false;
    }
}
