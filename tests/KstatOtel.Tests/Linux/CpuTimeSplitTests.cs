using KstatOtel.Linux;

namespace KstatOtel.Tests.Linux;

public class CpuTimeSplitTests
{
    [Fact]
    public void ASplitThatMovesTimeBetweenModesNeverLowersEither()
    {
        var split = default(CpuTimeSplit);
        split.Update(100, 50, out var user, out var system);
        Assert.Equal((100, 50), (user, system));

        // The total grew by 10, but the new proportion gives user less than before: user is held, system takes the rest.
        split.Update(90, 70, out user, out system);
        Assert.Equal((100, 60), (user, system));

        // Now system would go down: it is held, user takes the rest.
        split.Update(130, 40, out user, out system);
        Assert.Equal((110, 60), (user, system));
    }

    [Fact]
    public void ATotalThatDoesNotGrowKeepsThePreviousSplit()
    {
        var split = default(CpuTimeSplit);
        split.Update(100, 50, out _, out _);
        split.Update(40, 100, out var user, out var system);
        Assert.Equal((100, 50), (user, system));
        split.Update(0, 0, out user, out system);
        Assert.Equal((100, 50), (user, system));
    }

    [Fact]
    public void RandomReadingsStayMonotonicAndAddUpToTheTotal()
    {
        var random = new Random(1234);
        var split = default(CpuTimeSplit);
        long total = 0, lastUser = 0, lastSystem = 0;
        for (var i = 0; i < 10_000; i++)
        {
            total += random.Next(0, 1000);
            var share = random.NextDouble();
            var user = (long)(total * share);
            split.Update(user, total - user, out var publishedUser, out var publishedSystem);
            Assert.True(publishedUser >= lastUser && publishedSystem >= lastSystem);
            Assert.True(publishedUser + publishedSystem == Math.Max(total, lastUser + lastSystem));
            (lastUser, lastSystem) = (publishedUser, publishedSystem);
        }
    }
}
