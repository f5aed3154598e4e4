using KstatOtel.Testing;

namespace KstatOtel.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicSurfaceMatchesTheCheckedInFiles()
    {
        var report = PublicApiSurface.Compare(typeof(KstatOtel.KstatInstrumentationOptions).Assembly, "KstatOtel");
        Assert.True(report.Length == 0, report);
    }
}
