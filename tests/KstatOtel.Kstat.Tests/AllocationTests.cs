using KstatOtel.Testing;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// The refresh path allocates nothing once warm: re-reading looked-up kstats into kept values, single statistics,
/// IO data, look-ups of known kstats, the cached chain and an update that finds no change
/// (measured with the thread's allocation counter; the benchmarks measure the same with BenchmarkDotNet).
/// </summary>
[Collection(StandinCollection.Name)]
public class AllocationTests
{
    [Fact]
    public void SteadyStateReadsAllocateNothing()
    {
        using var session = StandinSession.Start(
            Fixtures.Capture("illumos-cpu--3--sys.kstat") + "+" + Fixtures.Capture("illumos-zfs--0--arcstats.kstat") + "+" +
            Fixtures.Capture("illumos-cpu_info--0--cpu_info0.kstat") + "+" + Fixtures.Constructed("types.kstat"));
        using var token = session.Open();
        var cpu = token.Require("cpu", 3, "sys");
        var arc = token.Require("zfs", 0, "arcstats");
        var info = token.Require("cpu_info", 0, "cpu_info0");
        var disk = token.Require("sd", 0, "sd0");
        var cpuValues = new KstatNamedValues();
        var arcValues = new KstatNamedValues();
        var infoValues = new KstatNamedValues();
        var raw = new byte[512];

        void Refresh()
        {
            Assert.True(cpu.TryReadNamed(cpuValues));
            Assert.True(arc.TryReadNamed(arcValues));
            Assert.True(info.TryReadNamed(infoValues)); // CHAR and STRING values: the strings are reused while unchanged.
            Assert.True(disk.TryReadIO(out _));
            Assert.True(cpu.TryReadNamed("cpu_nsec_user", out _));
            Assert.True(token.Require("unix", 0, "var").TryReadRaw(raw, out _, out _));
            Assert.True(token.Require("unix", 0, "vminfo").TryReadVmInfo(out _));
            Assert.True(token.Require("unix", 0, "sysinfo").TryReadSysInfo(out _));
            Assert.True(token.Require("unix", 0, "var").TryReadVar(out _));
            Assert.True(token.Require("cpu_stat", 0, "cpu_stat0").TryReadCpuStat(out _));
            Assert.True(token.Require("ata", 0, "ata0").TryReadInterrupts(out _));
            Assert.NotNull(token.Lookup("cpu", 3, "sys"));
            Assert.False(token.Update());
            Assert.True(token.GetAll().Count > 0);
            Assert.True(cpuValues.IndexOf("syscall") >= 0);
        }

        Refresh();
        Refresh();
        Assert.Equal(1, cpuValues.LayoutVersion);
        var allocated = Allocations.Measure(Refresh, 1000);
        Assert.True(allocated.Smallest == 0, $"1000 steady-state refreshes allocated {allocated}");
        Assert.Equal(1, cpuValues.LayoutVersion);
        Assert.Equal(105_926_508_484_786UL, cpuValues[cpuValues.IndexOf("cpu_nsec_user")].UInt64Value);
    }
}
