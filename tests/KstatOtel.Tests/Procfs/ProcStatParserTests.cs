using System.Text;
using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcStatParserTests
{
    [Fact]
    public void OwnStatAgreesWithStatusAndTheRuntime()
    {
        // Read stat and status back to back; retry when the process changed in between (threads come and go).
        for (var attempt = 0; ; attempt++)
        {
            var stat = ProcStatParser.Parse(Self("stat"));
            var status = ProcStatusParser.Parse(Self("status"));
            var statm = ProcStatmParser.Parse(Self("statm"));
            var consistent = stat.NumThreads == status.Threads && stat.VSize == status.VmSizeBytes && statm.Size * (ulong)ProcfsSystem.PageSize == stat.VSize;
            if (!consistent && attempt < 200)
            {
                Thread.Sleep(5);
                continue;
            }

            Assert.Equal(Environment.ProcessId, stat.Pid);
            Assert.True(status.HasName);
            Assert.Equal(status.Name, stat.Comm);
            Assert.Equal(status.PPid, stat.Ppid);
            Assert.Equal(status.Tgid, stat.Pid);
            Assert.Equal((long?)status.Threads, stat.NumThreads);
            Assert.True(stat.NumThreads > 1, "a .NET process runs several threads");
            Assert.Equal(status.VmSizeBytes, stat.VSize);

            // stat's rss reads the kernel's approximate per-CPU RSS counters, status (and statm) sum them
            // exactly: they differ by up to a few hundred pages of counter batching.
            var rss = (double)stat.Rss * ProcfsSystem.PageSize;
            Assert.InRange(rss, status.VmRssBytes!.Value * 0.9, status.VmRssBytes!.Value * 1.1);
            Assert.Equal(statm.Size * (ulong)ProcfsSystem.PageSize, stat.VSize);
            Assert.InRange((double)statm.Resident, stat.Rss * 0.9, stat.Rss * 1.1);
            Assert.False(stat.IsKernelThread);
            Assert.NotNull(stat.Processor);
            Assert.NotNull(stat.ExitCode);
            Assert.True(stat.MinFlt > 0);
            break;
        }
    }

    [Fact]
    public void OwnCpuTimesMatchTheRuntimeCount()
    {
        var start = Environment.CpuUsage.UserTime;
        while (Environment.CpuUsage.UserTime - start < TimeSpan.FromMilliseconds(200))
        {
        }

        var before = Environment.CpuUsage;
        var stat = ProcStatParser.Parse(Self("stat"));
        var after = Environment.CpuUsage;
        var tick = 1.0 / ProcfsSystem.ClockTicksPerSecond;
        var user = ProcfsSystem.TicksToSeconds(stat.UTime);
        var system = ProcfsSystem.TicksToSeconds(stat.STime);

        // The kernel splits the same runtime into ticks; allow a few ticks of rounding either way.
        Assert.InRange(user, before.UserTime.TotalSeconds - (5 * tick), after.UserTime.TotalSeconds + (5 * tick));
        Assert.InRange(system, before.PrivilegedTime.TotalSeconds - (5 * tick), after.PrivilegedTime.TotalSeconds + (5 * tick));
        Assert.True(user >= (start + TimeSpan.FromMilliseconds(200)).TotalSeconds - (5 * tick), $"200 ms of spinning shows in utime ({user} s)");
    }

    [Fact]
    public void StartTimeMatchesTheRuntimesProcessStart()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsSystem.TryReadBootTime(ProcfsPaths.DefaultRoot, out var btime));
        var stat = ProcStatParser.Parse(Self("stat"));
        var start = ProcfsSystem.StartTime(btime, stat.StartTime);
        using var process = System.Diagnostics.Process.GetCurrentProcess();

        // btime is whole seconds; the runtime computes the same from /proc with its own rounding.
        Assert.InRange((start - process.StartTime.ToUniversalTime()).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("a) b")]
    [InlineData(") ) )")]
    [InlineData("x (y) z")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\nb")]
    [InlineData("1 (2) R 3")]
    public void CommEndsAtTheLastParenthesis(string comm)
    {
        var bytes = Encoding.UTF8.GetBytes(comm);
        var stat = ProcStatParser.Parse(StatWithComm(bytes));
        Assert.True(stat.Comm.SequenceEqual(bytes), $"comm was '{stat.Comm}'");
        Assert.Equal(Environment.ProcessId, stat.Pid);
        Assert.Equal(ProcStatParser.Parse(Self("stat")).Ppid, stat.Ppid);
    }

    [Fact]
    public void CommKeepsBytesThatAreNotUtf8()
    {
        byte[] comm = [0xff, 0xfe, (byte)')', 0x80, (byte)'\n', 0xc3];
        var stat = ProcStatParser.Parse(StatWithComm(comm));
        Assert.True(stat.Comm.SequenceEqual(comm));
        Assert.Contains('\uFFFD', stat.Comm.ToString());
    }

    [Fact]
    public void AThreadWithAHostileCommReadsTheSameFromStatAndStatus()
    {
        // A real kernel round trip: name a thread with ')', spaces, a newline, a backslash and a non-UTF-8 byte.
        byte[] name = [(byte)'a', (byte)')', (byte)' ', (byte)'b', (byte)'\n', (byte)'\\', 0xff, (byte)'(', (byte)'x', (byte)')'];
        ProcStat stat = default;
        ProcStatus status = default;
        var thread = new Thread(() =>
        {
            TestLibc.SetThreadName(name);
            var tid = TestLibc.GetTid();
            stat = ProcStatParser.Parse(Read($"/proc/self/task/{tid}/stat"));
            status = ProcStatusParser.Parse(Read($"/proc/self/task/{tid}/status"));
        });
        thread.Start();
        thread.Join();

        Assert.True(stat.Comm.SequenceEqual(name), ByteString(stat.Comm.Span));
        Assert.True(status.Name.SequenceEqual(name), ByteString(status.Name.Span));
        Assert.Equal((byte)'R', stat.State);
    }

    [Fact]
    public void CommOfSixtyFourBytesIsAcceptedAndLongerIsMalformed()
    {
        var longest = Enumerable.Repeat((byte)'k', TaskComm.Capacity).ToArray();
        Assert.Equal(TaskComm.Capacity, ProcStatParser.Parse(StatWithComm(longest)).Comm.Length);
        var tooLong = Enumerable.Repeat((byte)'k', TaskComm.Capacity + 1).ToArray();
        var error = Assert.Throws<MalformedInputException>(() => ProcStatParser.Parse(StatWithComm(tooLong)));
        Assert.Contains("/proc/[pid]/stat", error.Message);
        Assert.Contains("comm", error.Message);
    }

    [Fact]
    public void CraftedLineGivesEveryField()
    {
        var stat = ProcStatParser.Parse(Ascii(StatLine(utime: "12345", rss: "-1")));
        Assert.Equal(6900, stat.Pid);
        Assert.Equal("cat", stat.Comm.ToString());
        Assert.Equal((byte)'R', stat.State);
        Assert.Equal(6893, stat.Ppid);
        Assert.Equal(6893, stat.Pgrp);
        Assert.Equal(4426, stat.Session);
        Assert.Equal(-1, stat.Tpgid);
        Assert.Equal(4194304u, stat.Flags);
        Assert.Equal(99ul, stat.MinFlt);
        Assert.Equal(12345ul, stat.UTime);
        Assert.Equal(3ul, stat.STime);
        Assert.Equal(20, stat.Priority);
        Assert.Equal(1, stat.NumThreads);
        Assert.Equal(38872ul, stat.StartTime);
        Assert.Equal(3133440ul, stat.VSize);
        Assert.Equal(-1, stat.Rss);
        Assert.Equal(1, stat.Processor);
        Assert.Equal(0u, stat.RtPriority);
        Assert.Equal(12ul, stat.DelayAcctBlkioTicks);
        Assert.Equal(0, stat.ExitCode);
    }

    [Fact]
    public void FieldsAfterRssAreAbsentWhenAnOlderKernelOmitsThem()
    {
        var stat = ProcStatParser.Parse(Ascii(StatLine(fieldCount: 24)));
        Assert.Equal(407, stat.Rss);
        Assert.Null(stat.Processor);
        Assert.Null(stat.Policy);
        Assert.Null(stat.DelayAcctBlkioTicks);
        Assert.Null(stat.GuestTime);
        Assert.Null(stat.ExitCode);

        var upTo44 = ProcStatParser.Parse(Ascii(StatLine(fieldCount: 44)));
        Assert.NotNull(upTo44.CGuestTime);
        Assert.Null(upTo44.ExitCode);
    }

    [Fact]
    public void FieldsANewerKernelAddsAreAccepted()
    {
        var line = StatLine().TrimEnd('\n') + " 7 8 9\n";
        Assert.Equal(6900, ProcStatParser.Parse(Ascii(line)).Pid);
    }

    [Fact]
    public void HugeNumbersFitOrAreMalformed()
    {
        var max = ProcStatParser.Parse(Ascii(StatLine(utime: "18446744073709551615")));
        Assert.Equal(ulong.MaxValue, max.UTime);
        var error = Assert.Throws<MalformedInputException>(() => ProcStatParser.Parse(Ascii(StatLine(utime: "18446744073709551616"))));
        Assert.Contains("utime", error.Message);
        Assert.Throws<MalformedInputException>(() => ProcStatParser.Parse(Ascii(StatLine(rss: "9223372036854775808"))));
        Assert.Equal(long.MinValue, ProcStatParser.Parse(Ascii(StatLine(rss: "-9223372036854775808"))).Rss);
    }

    [Theory]
    [InlineData("", "pid (")]
    [InlineData("6900 cat R 1\n", "pid (")]
    [InlineData("x (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", "pid")]
    [InlineData("6900 (cat R 1\n", "')'")]
    [InlineData("6900 (cat) R 1 2 3\n", "fields")]
    [InlineData("6900 (cat) RR 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", "state")]
    [InlineData("6900 (cat)  R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", "empty")]
    [InlineData("6900 (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1", "newline")]
    [InlineData("6900 (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1 \n", "empty")]
    [InlineData("6900 (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n7\n", "newline")]
    [InlineData("6900 (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1x\n", "rss")]
    [InlineData("6900 (cat) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1 0x10\n", "field 25")]
    [InlineData("6900 (cat) R -1 1 1 0 -1 0 -5 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", "minflt")]
    [InlineData("6900 (cat)R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", "space")]
    public void MalformedLinesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => ProcStatParser.Parse(Ascii(text)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("/proc/[pid]/stat", error.Input);
    }

    [Fact]
    public void TruncatedRealStatIsMalformedAtEveryLength()
    {
        var real = Self("stat");
        for (var length = 0; length < real.Length; length++)
        {
            var cut = real[..length];
            Assert.Throws<MalformedInputException>(() => ProcStatParser.Parse(cut));
        }
    }

    private static string ByteString(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
