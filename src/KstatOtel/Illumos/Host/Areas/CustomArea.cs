namespace KstatOtel.Illumos.Host;

/// <summary>The values of the AddKstat statistics of one refresh: one list of series per statistic.</summary>
internal sealed class CustomArea
{
    private SeriesList<CustomSeries>[] _lists = [];

    /// <summary>The series of statistic <paramref name="index"/> (in the order of the AddKstat calls).</summary>
    public SeriesList<CustomSeries> For(int index)
    {
        if (index >= _lists.Length)
        {
            var grown = new SeriesList<CustomSeries>[index + 1];
            _lists.CopyTo(grown, 0);
            for (var i = _lists.Length; i < grown.Length; i++)
            {
                grown[i] = new SeriesList<CustomSeries>();
            }

            _lists = grown;
        }

        return _lists[index];
    }

    public void CopyFrom(CustomArea other)
    {
        for (var i = 0; i < other._lists.Length; i++)
        {
            For(i).CopyFrom(other._lists[i]);
        }
    }
}
