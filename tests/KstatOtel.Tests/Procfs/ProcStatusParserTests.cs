using KstatOtel.Procfs;
using KstatOtel.Testing;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcStatusParserTests
{
    [Fact]
    public void OwnStatusHasEveryLine()
    {
        var status = ProcStatusParser.Parse(Self("status"));
        Assert.True(status.HasName);
        Assert.Equal(Environment.ProcessId, status.Pid);
        Assert.Equal(Environment.ProcessId, status.Tgid);
        Assert.NotNull(status.State);
        Assert.NotNull(status.Uid);
        Assert.NotNull(status.Gid);
        Assert.Equal(Privileges.IsRoot, status.Uid!.Value.Effective == 0);
        Assert.True(status.VmRssBytes > 0);
        Assert.True(status.VmSizeBytes >= status.VmRssBytes);
        Assert.True(status.VmHwmBytes >= status.VmRssBytes);
        Assert.True(status.VmPeakBytes >= status.VmSizeBytes);
        Assert.NotNull(status.VmSwapBytes);
        Assert.NotNull(status.VmDataBytes);
        Assert.Equal(status.VmRssBytes, status.RssAnonBytes + status.RssFileBytes + status.RssShmemBytes);
        Assert.True(status.Threads > 1);
        Assert.NotNull(status.VoluntaryContextSwitches);
        Assert.NotNull(status.NonvoluntaryContextSwitches);
    }

    [Fact]
    public void ContextSwitchesOfTheProcessFileAreTheMainThreads()
    {
        // The kernel prints the task's own counters in /proc/[pid]/status: the main thread's, not the process's.
        var pid = Environment.ProcessId;
        for (var attempt = 0; ; attempt++)
        {
            var process = ProcStatusParser.Parse(Self("status"));
            var mainThread = ProcStatusParser.Parse(Read($"/proc/self/task/{pid}/status"));
            if (process.VoluntaryContextSwitches != mainThread.VoluntaryContextSwitches && attempt < 200)
            {
                Thread.Sleep(5);
                continue;
            }

            Assert.Equal(mainThread.VoluntaryContextSwitches, process.VoluntaryContextSwitches);
            Assert.Equal(mainThread.NonvoluntaryContextSwitches, process.NonvoluntaryContextSwitches);
            break;
        }
    }

    [Fact]
    public void KernelThreadHasNoMemoryLines()
    {
        // kthreadd (pid 2) is a kernel thread on every Linux system: its status has no Vm*/Rss* lines.
        var status = ProcStatusParser.Parse(Read("/proc/2/status"));
        Assert.Equal("kthreadd", status.Name.ToString());
        Assert.Null(status.VmRssBytes);
        Assert.Null(status.VmSizeBytes);
        Assert.Null(status.VmSwapBytes);
        Assert.Null(status.RssAnonBytes);
        Assert.Equal(1, status.Threads);
        Assert.True(ProcStatParser.Parse(Read("/proc/2/stat")).IsKernelThread);
    }

    [Fact]
    public void MissingLinesAreAbsentNotZero()
    {
        var status = ProcStatusParser.Parse(Ascii("Name:\tx\nState:\tS (sleeping)\nUnknownKey:\twhatever it is\n"));
        Assert.Equal("x", status.Name.ToString());
        Assert.Equal((byte)'S', status.State);
        Assert.Null(status.VmRssBytes);
        Assert.Null(status.Threads);
        Assert.Null(status.Uid);
        Assert.Null(status.VoluntaryContextSwitches);

        var empty = ProcStatusParser.Parse([]);
        Assert.False(empty.HasName);
        Assert.Null(empty.State);
    }

    [Fact]
    public void NameEscapesAreUndone()
    {
        var status = ProcStatusParser.Parse(Ascii("Name:\ta\\nb\\\\c) d\n"));
        Assert.True(status.Name.SequenceEqual("a\nb\\c) d"u8));
        var leadingBlanks = ProcStatusParser.Parse(Ascii("Name:\t  x \n"));
        Assert.True(leadingBlanks.Name.SequenceEqual("  x "u8));
    }

    [Fact]
    public void CraftedValuesAreConvertedToBytes()
    {
        var status = ProcStatusParser.Parse(Ascii("VmRSS:\t    1744 kB\nVmSwap:\t0 kB\nUid:\t1000\t1001\t1002\t1003\nThreads:\t7\nvoluntary_ctxt_switches:\t18446744073709551615\n"));
        Assert.Equal(1744ul * 1024, status.VmRssBytes);
        Assert.Equal(0ul, status.VmSwapBytes);
        Assert.Equal(new ProcessIds(1000, 1001, 1002, 1003), status.Uid);
        Assert.Equal(7, status.Threads);
        Assert.Equal(ulong.MaxValue, status.VoluntaryContextSwitches);
    }

    [Theory]
    [InlineData("VmRSS:\t1744\n", "kB")]
    [InlineData("VmRSS:\t18014398509481984 kB\n", "64 bits")]
    [InlineData("VmRSS:\t-1 kB\n", "VmRSS")]
    [InlineData("VmRSS:\t kB\n", "VmRSS")]
    [InlineData("Threads:\t\n", "Threads")]
    [InlineData("Uid:\t0\t0\t0\n", "Uid")]
    [InlineData("Uid:\t0\t0\t0\t0\t0\n", "Uid")]
    [InlineData("Name:\tx", "newline")]
    [InlineData("Name x\n", "Key:")]
    [InlineData(":\tx\n", "Key:")]
    [InlineData("Name:x\n", "tab")]
    [InlineData("State:\t(sleeping)\n", "State")]
    [InlineData("voluntary_ctxt_switches:\t18446744073709551616\n", "voluntary_ctxt_switches")]
    public void MalformedLinesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => ProcStatusParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("/proc/[pid]/status", error.Input);
    }

    [Fact]
    public void TruncatedRealStatusIsMalformedUnlessCutAtALineEnd()
    {
        var real = Self("status");
        for (var length = 1; length < real.Length; length++)
        {
            var cut = real[..length];
            if (cut[^1] == (byte)'\n')
            {
                ProcStatusParser.Parse(cut);
            }
            else
            {
                Assert.Throws<MalformedInputException>(() => ProcStatusParser.Parse(cut));
            }
        }
    }
}
