using System.Globalization;
using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class SystemStatParserTests
{
    [Fact]
    public void BootTimeAgreesWithUptime()
    {
        var stat = SystemStatParser.Parse(Read("/proc/stat"));
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        var expected = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - uptime;
        Assert.NotNull(stat.BootTimeSeconds);
        Assert.InRange((double)stat.BootTimeSeconds!.Value, expected - 2, expected + 2);
        Assert.True(stat.ProcessesCreated > 0);
        Assert.True(stat.ProcessesRunning >= 1, "this test is running");
        Assert.NotNull(stat.ProcessesBlocked);

        Assert.Equal(ProcfsReadStatus.Ok, ProcfsSystem.TryReadBootTime(ProcfsPaths.DefaultRoot, out var btime));
        Assert.Equal(stat.BootTimeSeconds, btime);
    }

    [Fact]
    public void MissingBootTimeIsAbsentAndCutContentIsMalformed()
    {
        Assert.Null(SystemStatParser.Parse(Ascii("cpu  1 2 3\nctxt 5\n")).BootTimeSeconds);
        Assert.Throws<MalformedInputException>(() => SystemStatParser.Parse(Ascii("btime 1795307267")));
        Assert.Throws<MalformedInputException>(() => SystemStatParser.Parse(Ascii("btime 17953x\n")));
        Assert.Throws<MalformedInputException>(() => SystemStatParser.Parse(Ascii("btime\n")));
        Assert.Throws<MalformedInputException>(() => SystemStatParser.Parse(Ascii("btime  1\n")));
    }

    [Fact]
    public void ClockTickAndPageSizeComeFromLibc()
    {
        Assert.Equal(100, ProcfsSystem.ClockTicksPerSecond);
        Assert.Equal(Environment.SystemPageSize, ProcfsSystem.PageSize);
        Assert.Equal(1.5, ProcfsSystem.TicksToSeconds(150));
    }
}
