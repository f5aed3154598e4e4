using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class WchanParserTests
{
    [Fact]
    public void ASleepingChildWaitsInAKernelFunction()
    {
        using var sleeper = StartSleeper();
        try
        {
            string symbol = string.Empty;
            Assert.True(WaitUntil(
                () =>
                {
                    symbol = System.Text.Encoding.ASCII.GetString(WchanParser.Parse(Read($"/proc/{sleeper.Id}/wchan")));
                    // Before it reaches nanosleep the child may wait briefly elsewhere (a page fault while loading).
                    return symbol.Contains("sleep", StringComparison.OrdinalIgnoreCase);
                },
                TimeSpan.FromSeconds(10)),
                $"the sleeping child's wchan never named a sleep function; last seen: '{symbol}'");
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void ZeroAndEmptyMeanNotWaiting()
    {
        Assert.True(WchanParser.Parse("0"u8).IsEmpty);
        Assert.True(WchanParser.Parse("0\n"u8).IsEmpty);
        Assert.True(WchanParser.Parse([]).IsEmpty);
        Assert.True(WchanParser.Parse("do_nanosleep"u8).SequenceEqual("do_nanosleep"u8));
        Assert.True(WchanParser.Parse("futex_wait_queue\n"u8).SequenceEqual("futex_wait_queue"u8));
    }

    [Theory]
    [InlineData("do nanosleep")]
    [InlineData("x\n\n")]
    [InlineData("\u00e9t\u00e9")]
    [InlineData("\t")]
    public void BytesThatCannotNameASymbolAreMalformed(string text)
    {
        Assert.Throws<MalformedInputException>(() => WchanParser.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
