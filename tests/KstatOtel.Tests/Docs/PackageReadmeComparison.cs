using System.Diagnostics.Metrics;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// Holds the package README's instruments of one platform to the instruments the code created there: the same
/// names both ways, and for each the unit, the instrument type and the value type of the created instrument, and the
/// attribute keys of every exported point (where the instrument exported any). Returns every disagreement.
/// </summary>
internal static class PackageReadmeComparison
{
    public static IReadOnlyList<string> Compare(
        IReadOnlyList<PackageReadmeInstrument> documented,
        IReadOnlyList<Instrument> created,
        IReadOnlyList<CapturedMetric> exported,
        ICollection<string>? allowedAbsent = null)
    {
        var problems = new List<string>();
        foreach (var duplicate in documented.GroupBy(d => d.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key}: documented {duplicate.Count()} times (lines {string.Join(", ", duplicate.Select(d => d.Line))}).");
        }

        foreach (var instrument in created.Where(i => documented.All(d => d.Name != i.Name)))
        {
            problems.Add($"{instrument.Name}: created by the code ({InstrumentType(instrument)}<{ValueType(instrument)}>, '{instrument.Unit}') but not in the package README.");
        }

        foreach (var row in documented)
        {
            var instrument = created.FirstOrDefault(i => i.Name == row.Name);
            if (instrument is null)
            {
                if (allowedAbsent?.Contains(row.Name) != true)
                {
                    problems.Add($"{row.Name} (line {row.Line}): documented but not created.");
                }

                continue;
            }

            if (instrument.Unit != row.Unit)
            {
                problems.Add($"{row.Name} (line {row.Line}): the unit is '{instrument.Unit}', the README says '{row.Unit}'.");
            }

            if (InstrumentType(instrument) != row.InstrumentType)
            {
                problems.Add($"{row.Name} (line {row.Line}): the code creates an {InstrumentType(instrument)}, the README says {row.InstrumentType}.");
            }

            if (ValueType(instrument) != row.ValueType)
            {
                problems.Add($"{row.Name} (line {row.Line}): the value type is {ValueType(instrument)}, the README says {row.ValueType}.");
            }

            var keys = row.AttributeKeys.Order(StringComparer.Ordinal).ToList();
            foreach (var point in exported.Where(m => m.Name == row.Name).SelectMany(m => m.Points))
            {
                var pointKeys = point.Attributes.Keys.Order(StringComparer.Ordinal).ToList();
                if (!pointKeys.SequenceEqual(keys))
                {
                    problems.Add($"{row.Name} (line {row.Line}): a point has the attributes [{string.Join(", ", pointKeys)}], the README lists [{string.Join(", ", keys)}].");
                    break;
                }
            }
        }

        return problems;
    }

    /// <summary>The documented instruments whose attribute keys could not be checked: they exported no point.</summary>
    public static IReadOnlyList<string> WithoutPoints(IReadOnlyList<PackageReadmeInstrument> documented, IReadOnlyList<CapturedMetric> exported) =>
        [.. documented.Where(d => !exported.Any(m => m.Name == d.Name && m.Points.Count > 0)).Select(d => d.Name)];

    private static string InstrumentType(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
    }

    private static string ValueType(Instrument instrument) =>
        instrument.GetType().IsGenericType ? instrument.GetType().GetGenericArguments()[0].Name : "?";
}
