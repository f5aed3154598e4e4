using System.Diagnostics.Metrics;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// Compares the README rows with what the code created and exported: name, kind (instrument type and exported data),
/// monotonicity, unit, attribute keys and values. Returns every disagreement, one per line.
/// </summary>
internal static class DocumentedComparison
{
    /// <summary>Tables whose attribute values depend on the machine (kernel settings, modules present): values must be a subset.</summary>
    private static readonly string[] SubsetTables = ["Delay accounting (Linux)", "Health"];

    public static IReadOnlyList<string> Compare(
        IReadOnlyList<DocumentedInstrument> expected,
        IReadOnlyList<DocumentedInstrument> allDocumented,
        IReadOnlyList<Instrument> created,
        IReadOnlyList<CapturedMetric> exported)
    {
        var problems = new List<string>();
        foreach (var instrument in created)
        {
            if (!allDocumented.Any(d => d.Name == instrument.Name && d.IsOnLinux))
            {
                problems.Add($"{instrument.Name}: created by the code but not in a README metric table for Linux.");
            }
        }

        foreach (var row in expected)
        {
            var instrument = created.FirstOrDefault(i => i.Name == row.Name);
            if (instrument is null)
            {
                problems.Add($"{row.Name}: documented ({row.Table}) but not created.");
                continue;
            }

            var kind = InstrumentKind(instrument);
            if (kind != row.Kind)
            {
                problems.Add($"{row.Name}: the code creates a {kind}, the README says {row.Kind}.");
            }

            if (instrument.Unit != row.Unit)
            {
                problems.Add($"{row.Name}: the code's unit is '{instrument.Unit}', the README says '{row.Unit}'.");
            }

            var metric = exported.FirstOrDefault(m => m.Name == row.Name);
            if (metric is null || metric.Points.Count == 0)
            {
                problems.Add($"{row.Name}: exported no point.");
                continue;
            }

            problems.AddRange(CompareExported(row, metric));
        }

        return problems;
    }

    public static IEnumerable<string> CompareExported(DocumentedInstrument row, CapturedMetric metric)
    {
        var (kind, monotonic) = row.Kind switch
        {
            "Counter" => (MetricKind.Sum, true),
            "UpDownCounter" => (MetricKind.Sum, false),
            _ => (MetricKind.Gauge, false),
        };
        if (metric.Kind != kind || metric.IsMonotonic != monotonic)
        {
            yield return $"{row.Name}: exported as {metric.Kind} (monotonic {metric.IsMonotonic}), the README's {row.Kind} means {kind} (monotonic {monotonic}).";
        }

        if (metric.Unit != row.Unit)
        {
            yield return $"{row.Name}: exported with unit '{metric.Unit}', the README says '{row.Unit}'.";
        }

        var documentedKeys = row.Attributes.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var point in metric.Points)
        {
            var keys = point.Attributes.Keys.Order(StringComparer.Ordinal).ToList();
            if (!keys.SequenceEqual(documentedKeys))
            {
                yield return $"{row.Name}: a point has attributes [{string.Join(", ", keys)}], the README lists [{string.Join(", ", documentedKeys)}].";
            }
        }

        foreach (var (key, values) in row.Attributes)
        {
            if (values is null)
            {
                continue;
            }

            var seen = metric.Points.Select(p => p.Attribute(key) as string).Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).ToList();
            var unknown = seen.Except(values).ToList();
            if (unknown.Count > 0)
            {
                yield return $"{row.Name}: {key} takes values the README does not list: {string.Join(", ", unknown)}.";
            }

            var missing = values.Except(seen!).ToList();
            if (missing.Count > 0 && !SubsetTables.Contains(row.Table))
            {
                yield return $"{row.Name}: {key} values listed in the README but not exported: {string.Join(", ", missing)}.";
            }
        }
    }

    public static string InstrumentKind(Instrument instrument)
    {
        var type = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        return type == typeof(ObservableCounter<>) ? "Counter"
            : type == typeof(ObservableUpDownCounter<>) ? "UpDownCounter"
            : type == typeof(ObservableGauge<>) ? "Gauge"
            : instrument.GetType().Name;
    }
}
