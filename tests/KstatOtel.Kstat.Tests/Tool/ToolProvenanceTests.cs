using System.Text.Json;
using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>
/// With --fixture the tool prints only what the capture gave (the stand-in's kstat_standin_captured says which
/// values it filled in); without --fixture, as on a real libkstat, it prints every value it reads.
/// </summary>
[Collection(StandinCollection.Name)]
public class ToolProvenanceTests
{
    private static readonly string CpuStat = Fixtures.Capture("vmstat-cpu_stat.kstat");
    private static readonly string Avenrun = Fixtures.Capture("illumos-man-kstat-ex1-system_misc-avenrun.kstat");

    [Fact]
    public void JsonHasOnlyTheCapturedFieldsAndNoMadeUpHeader()
    {
        using var session = StandinSession.Start(CpuStat);
        var output = new StringWriter();
        var status = KstatTool.Run(["--fixture", CpuStat, "--library", Standin.LibraryPath, "-j", "cpu_stat:0:cpu_stat0"], output, new StringWriter());
        Assert.Equal(KstatTool.Matched, status);
        using var json = JsonDocument.Parse(output.ToString());
        var kstat = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, kstat.GetProperty("class").ValueKind);
        Assert.Equal(JsonValueKind.Null, kstat.GetProperty("snaptime").ValueKind);
        Assert.Equal(0, kstat.GetProperty("type").GetInt32()); // RAW
        var data = kstat.GetProperty("data");
        Assert.Equal(["idle", "idlethread", "kernel", "kernel_asflt", "user"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2325343762UL, data.GetProperty("idle").GetUInt64());
    }

    [Fact]
    public void WithoutFixtureEveryValueIsPrinted()
    {
        // The stand-in loaded as a plain libkstat (no --fixture): the tool does not ask for provenance, as on illumos.
        using var session = StandinSession.Start(Avenrun);
        var output = new StringWriter();
        var status = KstatTool.Run(["--library", Standin.LibraryPath, "-p", "unix:0:system_misc"], output, new StringWriter());
        Assert.Equal(KstatTool.Matched, status);
        Assert.Equal(
            "unix:0:system_misc:avenrun_15min\t3\nunix:0:system_misc:avenrun_1min\t4\nunix:0:system_misc:avenrun_5min\t2\n"
            + "unix:0:system_misc:class\tmisc\nunix:0:system_misc:crtime\t0\nunix:0:system_misc:snaptime\t0\n",
            output.ToString());
    }

    [Fact]
    public void ProvenanceIsFoundOnlyInTheStandin()
    {
        Assert.Null(StandinProvenance.Find("libc.so.6"));
        using var provenance = StandinProvenance.Find(Standin.LibraryPath);
        Assert.NotNull(provenance);
    }

    [Fact]
    public void FieldsAreThoseOfTheFrameServed()
    {
        // Two frames of one kstat: the second capture gives a field the first lacks.
        var directory = Directory.CreateTempSubdirectory("kstat-provenance-");
        try
        {
            var first = Path.Combine(directory.FullName, "a.kstat");
            var second = Path.Combine(directory.FullName, "b.kstat");
            File.WriteAllText(first, "unix:0:sysinfo:runque\t1\n");
            File.WriteAllText(second, "unix:0:sysinfo:runque\t2\nunix:0:sysinfo:updates\t7\nunix:0:sysinfo:snaptime\t9\n");
            var frames = $"{first},{second}";
            using var session = StandinSession.Start(first, second);
            var output = new StringWriter();
            var status = KstatTool.Run(["--fixture", frames, "--library", Standin.LibraryPath, "-p", "unix:0:sysinfo", "1", "2"], output, new StringWriter());
            Assert.Equal(KstatTool.Matched, status);
            Assert.Equal("unix:0:sysinfo:runque\t1\nunix:0:sysinfo:runque\t2\nunix:0:sysinfo:snaptime\t9.000000000\nunix:0:sysinfo:updates\t7\n", output.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
