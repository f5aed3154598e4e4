using KstatOtel.Testing;

namespace KstatOtel.Kstat.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicSurfaceMatchesTheCheckedInFiles()
    {
        var report = PublicApiSurface.Compare(typeof(KstatToken).Assembly, "KstatOtel.Kstat");
        Assert.True(report.Length == 0, report);
    }
}
