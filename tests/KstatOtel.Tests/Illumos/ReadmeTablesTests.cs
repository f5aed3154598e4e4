using System.Diagnostics.Metrics;
using KstatOtel.Illumos.Process;
using KstatOtel.Testing.Metrics;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// README.md's "illumos host" and "illumos own process" tables and the code agree: the same instruments, each with
/// the documented kind and unit, observed with exactly the documented attribute keys and only documented values.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class ReadmeTablesTests
{
    /// <summary>Frames that make every host instrument publish: the constructed machine, a real ARC and a SmartOS zone.</summary>
    public static string[] EveryHostInstrument() =>
    [
        Standin.Frame(Standin.ConstructedMachine(0), Standin.Capture("illumos-zfs--0--arcstats.kstat"), Standin.Capture("illumos-memory_cap--7--serv-wf.kstat")),
        Standin.Frame(Standin.ConstructedMachine(1), Standin.Capture("illumos-zfs--0--arcstats.kstat"), Standin.Capture("illumos-memory_cap--7--serv-wf.kstat")),
    ];

    [Fact]
    public void TheIllumosHostTableMatchesTheHostInstruments()
    {
        var rows = ReadmeTable.Read("illumos host");
        using var host = HostHarness.Start(EveryHostInstrument(), o => o.IncludeCpuLogicalNumber = true);
        var exported = host.Collect().ToList();
        host.Refresh();
        exported.AddRange(host.Collect());
        Compare(rows, host.Core.Instruments, exported);
        Assert.All(rows, r => Assert.Equal("on", r.Default));
    }

    [Fact]
    public void TheIllumosOwnProcessTableMatchesTheProcessInstruments()
    {
        var rows = ReadmeTable.Read("illumos own process");
        using var fixture = ProcFixture.Create();
        var options = new KstatInstrumentationOptions { ProcfsRoot = fixture.Root, RefreshInterval = TimeSpan.FromHours(1) };
        var module = IllumosProcessModule.TryCreate(options)!;
        var meterName = $"KstatOtel.Tests.Readme.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [module], meterName);
        using var capture = new MetricCapture();
        using var provider = OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();
        Compare(rows, core.Instruments.Where(i => !i.Name.StartsWith("kstatotel.", StringComparison.Ordinal)).ToList(), capture.Collect().Where(m => !m.Name.StartsWith("kstatotel.", StringComparison.Ordinal)).ToList());
    }

    /// <summary>
    /// Checks the instruments (created and exported) against the documented rows; used by the OTLP test too.
    /// <paramref name="optIn"/> lists "metric/attribute" keys that appear only when an option asks for them.
    /// </summary>
    internal static void Compare(IReadOnlyList<ReadmeTable.Row> rows, IReadOnlyList<Instrument>? created, IReadOnlyList<CapturedMetric> exported, params string[] optIn)
    {
        var documented = rows.Select(r => r.Name).ToHashSet();
        if (created is not null)
        {
            Assert.Equal(documented.Order(), created.Select(i => i.Name).Order());
            foreach (var instrument in created)
            {
                var row = rows.Single(r => r.Name == instrument.Name);
                Assert.True(row.Unit == instrument.Unit, $"{row.Name}: README unit {row.Unit}, code {instrument.Unit}");
                Assert.True(row.Kind == KindOf(instrument), $"{row.Name}: README kind {row.Kind}, code {KindOf(instrument)}");
            }
        }

        foreach (var row in rows)
        {
            var metrics = exported.Where(m => m.Name == row.Name).ToList();
            Assert.True(metrics.Count > 0, $"{row.Name} is documented but was never exported");
            foreach (var metric in metrics)
            {
                Assert.True(metric.Unit == row.Unit, $"{row.Name}: exported unit {metric.Unit}, README {row.Unit}");
                var (kind, monotonic) = row.Kind switch
                {
                    "Counter" => (MetricKind.Sum, true),
                    "UpDownCounter" => (MetricKind.Sum, false),
                    "Gauge" => (MetricKind.Gauge, false),
                    _ => throw new InvalidOperationException($"{row.Name}: unknown kind {row.Kind}"),
                };
                Assert.True(metric.Kind == kind && metric.IsMonotonic == monotonic, $"{row.Name}: exported {metric.Kind} (monotonic {metric.IsMonotonic}), README {row.Kind}");
                Assert.NotEmpty(metric.Points);
            }

            var points = metrics.SelectMany(m => m.Points).ToList();
            var expected = row.Attributes.Keys.Where(k => !optIn.Contains($"{row.Name}/{k}")).Order().ToList();
            var keys = points.SelectMany(p => p.Attributes.Keys).Distinct().Order().ToList();
            Assert.True(expected.SequenceEqual(keys), $"{row.Name}: exported attributes [{string.Join(", ", keys)}], README [{string.Join(", ", row.Attributes.Keys)}]");
            Assert.All(points, p => Assert.True(p.Attributes.Count == expected.Count, $"{row.Name}: a point has [{string.Join(", ", p.Attributes.Keys)}]"));
            foreach (var (key, values) in row.Attributes)
            {
                if (values is null)
                {
                    continue;
                }

                var seen = points.Select(p => Convert.ToString(p.Attribute(key), System.Globalization.CultureInfo.InvariantCulture)!).Distinct().ToList();
                Assert.True(seen.All(values.Contains), $"{row.Name}: {key} took [{string.Join(", ", seen)}], README lists ({string.Join(", ", values)})");
            }
        }

        Assert.True(exported.All(m => documented.Contains(m.Name)), $"undocumented: {string.Join(", ", exported.Select(m => m.Name).Where(n => !documented.Contains(n)).Distinct())}");
    }

    private static string KindOf(Instrument instrument)
    {
        var type = instrument.GetType().GetGenericTypeDefinition();
        return type == typeof(ObservableCounter<>) ? "Counter"
            : type == typeof(ObservableUpDownCounter<>) ? "UpDownCounter"
            : type == typeof(ObservableGauge<>) ? "Gauge"
            : type.Name;
    }
}
