namespace KstatOtel.Illumos.Host;

/// <summary>One kstat's value of an AddKstat statistic.</summary>
internal struct CustomSeries
{
    public KeyValuePair<string, object?>[] Tags;
    public double Value;
}
