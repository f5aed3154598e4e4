using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcIoParserTests
{
    [Fact]
    public void OwnIoCountsWhatTheProcessWrites()
    {
        var before = ProcIoParser.Parse(Self("io"));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[256 * 1024]);
            _ = File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }

        var after = ProcIoParser.Parse(Self("io"));
        Assert.True(after.WChar - before.WChar >= 256 * 1024, $"wchar grew by {after.WChar - before.WChar}");
        Assert.True(after.RChar - before.RChar >= 256 * 1024, $"rchar grew by {after.RChar - before.RChar}");
        Assert.True(after.SyscW > before.SyscW);
        Assert.True(after.SyscR > before.SyscR);
        Assert.NotNull(after.ReadBytes);
        Assert.NotNull(after.WriteBytes);
        Assert.NotNull(after.CancelledWriteBytes);
    }

    [Fact]
    public void CraftedFileGivesEveryField()
    {
        var io = ProcIoParser.Parse(Ascii("rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\ncancelled_write_bytes: 18446744073709551615\n"));
        Assert.Equal(1ul, io.RChar);
        Assert.Equal(2ul, io.WChar);
        Assert.Equal(3ul, io.SyscR);
        Assert.Equal(4ul, io.SyscW);
        Assert.Equal(5ul, io.ReadBytes);
        Assert.Equal(6ul, io.WriteBytes);
        Assert.Equal(ulong.MaxValue, io.CancelledWriteBytes);
    }

    [Fact]
    public void WithoutIoAccountingTheStorageCountersAreAbsent()
    {
        // A kernel without CONFIG_TASK_IO_ACCOUNTING writes only the character and syscall counters.
        var io = ProcIoParser.Parse(Ascii("rchar: 10\nwchar: 20\nsyscr: 1\nsyscw: 2\n"));
        Assert.Equal(10ul, io.RChar);
        Assert.Null(io.ReadBytes);
        Assert.Null(io.WriteBytes);
        Assert.Null(io.CancelledWriteBytes);
        Assert.Null(ProcIoParser.Parse([]).RChar);
    }

    [Theory]
    [InlineData("rchar: \n", "rchar")]
    [InlineData("rchar: 1 2\n", "rchar")]
    [InlineData("rchar: -1\n", "rchar")]
    [InlineData("rchar 1\n", "key:")]
    [InlineData("rchar: 1", "newline")]
    [InlineData("read_bytes: 18446744073709551616\n", "read_bytes")]
    public void MalformedLinesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => ProcIoParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("/proc/[pid]/io", error.Input);
    }
}
