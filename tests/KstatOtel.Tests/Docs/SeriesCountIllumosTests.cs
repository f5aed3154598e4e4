using KstatOtel.Modules;
using KstatOtel.Tests.Illumos;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The series one collection produces on an illumos machine with the default options, counted on the constructed
/// machine of the tests (2 CPUs, 3 disks, 2 links, 2 zones, an NFS mount) served by the libkstat stand-in, with the own
/// process read from a fixture procfs root: the modules are chosen the way AddKstatInstrumentation() chooses them.
/// Held to README.md ("What a host costs in series").
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class SeriesCountIllumosTests(ITestOutputHelper output)
{
    private const int Cpus = 2;
    private const int Disks = 3;
    private const int Links = 2;
    private const int NfsMounts = 1;

    [Fact]
    public void TheConstructedMachineMakesTheDocumentedSeries()
    {
        var tally = Count(Standin.ConstructedMachine(0), cpuLogicalNumber: false);
        Assert.Equal(10, tally.Of("process."));
        Assert.Equal(4, tally.Of("kstatotel.snapshot.", "kstatotel.refresh."));
        Assert.Equal(SeriesTable.Configuration("illumos, default options, the constructed machine of the tests"), tally.Total);

        Assert.Equal(SeriesTable.Growth("an illumos CPU (`system.cpu.frequency` and its maximum)"), tally.Of("system.cpu.frequency", "kstatotel.system.cpu.frequency.max") / Cpus);
        Assert.Equal(SeriesTable.Growth("an illumos disk (IO kstat of class `disk`)"), tally.Of("system.disk.") / Disks);
        Assert.Equal(SeriesTable.Growth("an illumos link"), tally.Of("system.network.") / Links);
        Assert.Equal(SeriesTable.Growth("an illumos NFS mount"), tally.Of("kstatotel.nfs.mount.") / NfsMounts);
    }

    [Fact]
    public void WithARealArcAndPerCpuTimesTheMachineMakesTheDocumentedSeries()
    {
        var arc = Standin.Frame(Standin.ConstructedMachine(0), Standin.Capture("illumos-zfs--0--arcstats.kstat"));
        var summed = Count(arc, cpuLogicalNumber: false);
        Assert.Equal(SeriesTable.Configuration("illumos, default options, the constructed machine with a real ZFS ARC"), summed.Total);

        var perCpu = Count(arc, cpuLogicalNumber: true);
        Assert.Equal(SeriesTable.Configuration("illumos, the constructed machine with a real ZFS ARC and `IncludeCpuLogicalNumber`"), perCpu.Total);
        Assert.Equal(
            SeriesTable.Growth("an illumos CPU with `IncludeCpuLogicalNumber` (`system.cpu.time` by mode, instead of 4 summed)"),
            perCpu.Of("system.cpu.time") / Cpus);
        Assert.Equal(4, summed.Of("system.cpu.time"));
    }

    private SeriesTally Count(string frame, bool cpuLogicalNumber)
    {
        Standin.Serve(frame);
        using var fixture = ProcFixture.Create();
        var options = new KstatInstrumentationOptions
        {
            ProcfsRoot = fixture.Root,
            KstatLibraryPath = Standin.LibraryPath,
            RefreshInterval = TimeSpan.FromHours(1),
            IncludeCpuLogicalNumber = cpuLogicalNumber,
        };
        options.Validate();
        var modules = ModuleCatalog.Create(options);
        Assert.Equal(["illumos-process", "illumos-host"], modules.Select(m => m.Name));
        var meterName = $"KstatOtel.Tests.Docs.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, modules, meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();
        var tally = new SeriesTally(capture.Collect());
        output.WriteLine(tally.ToString());
        return tally;
    }
}
