namespace KstatExample;

/// <summary>
/// The order kstat(1) prints in: illumos cmd/stat/kstat sorts kstats by module, instance and name, and the
/// statistics of a kstat by name, with <c>strcasecmp</c>, which compares ASCII letters folded to lower case. So
/// <c>anon_alloc_fail</c> comes before <c>anonpgin</c> ('_' is below 'p'), where .NET's OrdinalIgnoreCase, which
/// folds to upper case, would put it after ('_' is above 'P').
/// </summary>
internal sealed class KstatOrder : IComparer<string>
{
    public static readonly KstatOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var difference = Lower(x[i]) - Lower(y[i]);
            if (difference != 0)
            {
                return difference;
            }
        }

        return x.Length - y.Length;
    }

    private static int Lower(char c) => c is >= 'A' and <= 'Z' ? c + ('a' - 'A') : c;
}
