using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcLimitsParserTests
{
    private const string Header = "Limit                     Soft Limit           Hard Limit           Units     \n";

    [Fact]
    public void OwnOpenFilesLimitMatchesGetrlimit()
    {
        var limits = ProcLimitsParser.Parse(Self("limits"));
        var (soft, hard) = TestLibc.GetOpenFilesLimit();
        Assert.NotNull(limits.OpenFiles);
        Assert.Equal(soft == ulong.MaxValue ? null : soft, limits.OpenFiles!.Value.Soft);
        Assert.Equal(hard == ulong.MaxValue ? null : hard, limits.OpenFiles!.Value.Hard);
        Assert.NotNull(limits.Processes);
        Assert.NotNull(limits.AddressSpace);
    }

    [Fact]
    public void UnlimitedIsNullAndNumbersAreKept()
    {
        var limits = ProcLimitsParser.Parse(Ascii(Header
            + "Max cpu time              unlimited            unlimited            seconds   \n"
            + "Max processes             96365                96365                processes \n"
            + "Max open files            1024                 unlimited            files     \n"
            + "Max address space         unlimited            unlimited            bytes     \n"
            + "Max nice priority         0                    0                    \n"));
        Assert.Equal(new ResourceLimit(1024, null), limits.OpenFiles);
        Assert.True(limits.OpenFiles!.Value.HardIsUnlimited);
        Assert.False(limits.OpenFiles!.Value.SoftIsUnlimited);
        Assert.Equal(new ResourceLimit(96365, 96365), limits.Processes);
        Assert.Equal(new ResourceLimit(null, null), limits.AddressSpace);
    }

    [Fact]
    public void MissingRowsAreAbsent()
    {
        var limits = ProcLimitsParser.Parse(Ascii(Header + "Max cpu time              unlimited            unlimited            seconds   \n"));
        Assert.Null(limits.OpenFiles);
        Assert.Null(ProcLimitsParser.Parse([]).OpenFiles);
    }

    [Theory]
    [InlineData("Max open files 1 1\n", "header")]
    [InlineData(Header + "Min open files            1 1\n", "Max ")]
    [InlineData(Header + "Max open files            1\n", "soft and a hard")]
    [InlineData(Header + "Max open files            lots                 1024                 files\n", "limit value")]
    [InlineData(Header + "Max open files            1024                 1024                 files", "newline")]
    public void MalformedRowsRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => ProcLimitsParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
    }
}
