using System.Globalization;
using System.Text;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Docs;

/// <summary>The series (data points) one collection exported, counted per instrument.</summary>
internal sealed class SeriesTally
{
    private readonly SortedDictionary<string, int> _perInstrument = new(StringComparer.Ordinal);

    public SeriesTally(IEnumerable<CapturedMetric> exported, Func<string, bool>? include = null)
    {
        foreach (var metric in exported.Where(m => include?.Invoke(m.Name) ?? true))
        {
            _perInstrument[metric.Name] = (_perInstrument.TryGetValue(metric.Name, out var n) ? n : 0) + metric.Points.Count;
        }
    }

    /// <summary>Every series of the collection.</summary>
    public int Total => _perInstrument.Values.Sum();

    public IReadOnlyDictionary<string, int> PerInstrument => _perInstrument;

    /// <summary>The series of the instruments whose names start with one of <paramref name="prefixes"/>.</summary>
    public int Of(params string[] prefixes) =>
        _perInstrument.Where(p => prefixes.Any(x => p.Key.StartsWith(x, StringComparison.Ordinal))).Sum(p => p.Value);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, count) in _perInstrument)
        {
            text.Append(CultureInfo.InvariantCulture, $"{count,4}  {name}\n");
        }

        return text.Append(CultureInfo.InvariantCulture, $"{Total,4}  total").ToString();
    }
}
