using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcStatmParserTests
{
    [Fact]
    public void OwnStatmAgreesWithStatus()
    {
        for (var attempt = 0; ; attempt++)
        {
            var statm = ProcStatmParser.Parse(Self("statm"));
            var status = ProcStatusParser.Parse(Self("status"));
            var page = (ulong)ProcfsSystem.PageSize;
            if (statm.Size * page != status.VmSizeBytes && attempt < 200)
            {
                Thread.Sleep(5);
                continue;
            }

            Assert.Equal(status.VmSizeBytes, statm.Size * page);

            // Both files sum the per-CPU RSS counters, each at its own moment.
            Assert.InRange((double)statm.Resident * page, status.VmRssBytes!.Value * 0.9, status.VmRssBytes!.Value * 1.1);
            var shared = (double)(status.RssFileBytes!.Value + status.RssShmemBytes!.Value);
            Assert.InRange((double)statm.Shared * page, shared * 0.9, shared * 1.1);
            Assert.Equal(0ul, statm.Lib);
            Assert.Equal(0ul, statm.Dirty);
            break;
        }
    }

    [Fact]
    public void CraftedLineGivesSevenValues()
    {
        Assert.Equal(new ProcStatm(765, 441, 412, 5, 0, 123, 18446744073709551615), ProcStatmParser.Parse(Ascii("765 441 412 5 0 123 18446744073709551615\n")));
    }

    [Theory]
    [InlineData("", "newline")]
    [InlineData("1 2 3 4 5 6 7", "newline")]
    [InlineData("1 2 3 4 5 6\n", "7 space-separated")]
    [InlineData("1 2 3 4 5 6 7 8\n", "more than 7")]
    [InlineData("1  2 3 4 5 6 7\n", "field 2")]
    [InlineData("1 2 3 4 5 6 -7\n", "field 7")]
    [InlineData("1 2 3 4 5 6 18446744073709551616\n", "field 7")]
    public void MalformedLinesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => ProcStatmParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
    }
}
