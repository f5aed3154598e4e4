using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class SmapsRollupParserTests
{
    [Fact]
    public void OwnRollupAgreesWithStatus()
    {
        var rollup = SmapsRollupParser.Parse(Self("smaps_rollup"));
        var status = ProcStatusParser.Parse(Self("status"));
        Assert.True(rollup.RssBytes > 0);
        Assert.True(rollup.PssBytes > 0 && rollup.PssBytes <= rollup.RssBytes);
        Assert.NotNull(rollup.SwapBytes);
        Assert.NotNull(rollup.SwapPssBytes);
        Assert.NotNull(rollup.PssAnonBytes);

        // Both were read a moment apart; the runtime may touch some memory in between.
        var difference = Math.Abs((double)rollup.RssBytes!.Value - status.VmRssBytes!.Value);
        Assert.True(difference < 0.1 * status.VmRssBytes!.Value, $"smaps Rss {rollup.RssBytes} vs VmRSS {status.VmRssBytes}");
    }

    [Fact]
    public void EmptyFileOfAKernelThreadHasNoValues()
    {
        var rollup = SmapsRollupParser.Parse([]);
        Assert.Null(rollup.RssBytes);
        Assert.Null(rollup.PssBytes);
    }

    [Fact]
    public void CraftedFileGivesBytes()
    {
        var rollup = SmapsRollupParser.Parse(Ascii("5652575f0000-7fffbc886000 ---p 00000000 00:00 0                          [rollup]\nRss:                1688 kB\nPss:                 433 kB\nSwap:                  2 kB\nSwapPss:               1 kB\n"));
        Assert.Equal(1688ul * 1024, rollup.RssBytes);
        Assert.Equal(433ul * 1024, rollup.PssBytes);
        Assert.Equal(2048ul, rollup.SwapBytes);
        Assert.Equal(1024ul, rollup.SwapPssBytes);
        Assert.Null(rollup.PssAnonBytes);
    }

    [Theory]
    [InlineData("Rss: 1 kB\n", "rollup")]
    [InlineData("0-1 ---p 0 00:00 0 [rollup]\nRss 1 kB\n", "Key:")]
    [InlineData("0-1 ---p 0 00:00 0 [rollup]\nPss: 1 MB\n", "kB")]
    [InlineData("0-1 ---p 0 00:00 0 [rollup]\nPss: 1 kB", "newline")]
    public void MalformedFilesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => SmapsRollupParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
    }
}
