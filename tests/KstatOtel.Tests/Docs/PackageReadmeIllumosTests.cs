using KstatOtel.Modules;
using KstatOtel.Testing.Metrics;
using KstatOtel.Tests.Illumos;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The illumos/Solaris instruments of src/KstatOtel/README.md and the instruments the code creates there: the
/// modules chosen the way AddKstatInstrumentation() chooses them, over the libkstat stand-in serving frames in which
/// every host instrument publishes, and an illumos procfs fixture for the own process, with every family and
/// IncludeCpuLogicalNumber.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class PackageReadmeIllumosTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryIllumosInstrumentOfThePackageReadmeMatchesTheCode()
    {
        var documented = PackageReadme.Read().Where(r => r.IsIllumos).ToList();
        Standin.Serve(ReadmeTablesTests.EveryHostInstrument());
        using var fixture = ProcFixture.Create();
        var options = new KstatInstrumentationOptions
        {
            Metrics = KstatMetricFamilies.All,
            ProcfsRoot = fixture.Root,
            KstatLibraryPath = Standin.LibraryPath,
            IncludeCpuLogicalNumber = true,
            RefreshInterval = TimeSpan.FromHours(1),
        };
        options.Validate();
        var modules = ModuleCatalog.Create(options);
        Assert.Equal(["illumos-process", "illumos-host"], modules.Select(m => m.Name));
        var meterName = $"KstatOtel.Tests.Docs.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, modules, meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();
        var exported = capture.Collect().ToList();
        core.RefreshNow(); // the second frame: counters and rates need two reads
        exported.AddRange(capture.Collect());

        var problems = PackageReadmeComparison.Compare(documented, core.Instruments, exported);
        var withoutPoints = PackageReadmeComparison.WithoutPoints(documented, exported);
        output.WriteLine($"attribute keys not checked (no point exported): {string.Join(", ", withoutPoints)}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(withoutPoints); // these frames make every illumos instrument publish
    }
}
