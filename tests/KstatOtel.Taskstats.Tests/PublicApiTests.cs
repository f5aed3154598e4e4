using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicSurfaceMatchesTheCheckedInFiles()
    {
        var report = PublicApiSurface.Compare(typeof(TaskstatsClient).Assembly, "KstatOtel.Taskstats");
        Assert.True(report.Length == 0, report);
    }
}
