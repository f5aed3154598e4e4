using KstatOtel.Taskstats.Tests.Support;
using static KstatOtel.Taskstats.Tests.Support.StatsPayload;

namespace KstatOtel.Taskstats.Tests.Decoding;

/// <summary>Payloads of each struct version, built from the layout facts: each field is read from its own offset, and only when the version and the bytes have it.</summary>
public class VersionLayoutTests
{
    private static readonly TaskDelayKind[] Kinds = Enum.GetValues<TaskDelayKind>();

    [Fact]
    public void Version8HasTheFieldsUpToFreePagesAndNothingLater()
    {
        var stats = Decode.Payload(Build(8));

        Assert.Equal(8, stats.Version);
        Assert.Equal(328, stats.ReturnedBytes);
        Assert.Equal("fixture-comm", stats.Command);
        Assert.Equal(4242, stats.ProcessId);
        Assert.Equal(4241, stats.ParentProcessId);
        Assert.Equal(1001u, stats.UserId);
        Assert.Equal(1002u, stats.GroupId);
        Assert.Equal(-5, stats.Nice);
        Assert.Equal(3, stats.SchedulingPolicy);
        Assert.Equal(TaskAccountingBits.ForkedWithoutExec | TaskAccountingBits.LastInGroup, stats.Flags);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), stats.StartTime); // ac_btime: no btime64 before v10
        Assert.Equal(Micro(144), stats.ElapsedTime);
        Assert.Equal(Micro(152), stats.UserCpuTime);
        Assert.Equal(Micro(160), stats.SystemCpuTime);
        Assert.Equal(ValueAt(168), stats.MinorFaults);
        Assert.Equal(ValueAt(176), stats.MajorFaults);
        Assert.Equal(ValueAt(184), stats.ResidentMegabyteMicroseconds);
        Assert.Equal(ValueAt(192), stats.VirtualMegabyteMicroseconds);
        Assert.Equal(ValueAt(200) * 1024, stats.PeakResidentBytes);
        Assert.Equal(ValueAt(208) * 1024, stats.PeakVirtualBytes);
        Assert.Equal(ValueAt(216), stats.ReadChars);
        Assert.Equal(ValueAt(224), stats.WriteChars);
        Assert.Equal(ValueAt(232), stats.ReadSyscalls);
        Assert.Equal(ValueAt(240), stats.WriteSyscalls);
        Assert.Equal(ValueAt(248), stats.ReadBytes);
        Assert.Equal(ValueAt(256), stats.WriteBytes);
        Assert.Equal(ValueAt(264), stats.CancelledWriteBytes);
        Assert.Equal(ValueAt(272), stats.VoluntaryContextSwitches);
        Assert.Equal(ValueAt(280), stats.InvoluntaryContextSwitches);
        Assert.Equal(Micro(288), stats.UserCpuTimeScaled);
        Assert.Equal(Micro(296), stats.SystemCpuTimeScaled);
        Assert.Equal(Nano(64), stats.CpuRunRealTotal);
        Assert.Equal(Nano(72), stats.CpuRunVirtualTotal);
        Assert.Equal(Nano(304), stats.CpuScaledRunRealTotal);

        AssertDelay(stats, TaskDelayKind.Cpu, 16, 24);
        AssertDelay(stats, TaskDelayKind.BlockIo, 32, 40);
        AssertDelay(stats, TaskDelayKind.SwapIn, 48, 56);
        AssertDelay(stats, TaskDelayKind.FreePages, 312, 320);
        foreach (var kind in Kinds)
        {
            Assert.Null(stats.GetDelay(kind)?.Max); // v16
        }

        Assert.Null(stats.ThrashingDelay); // v9
        Assert.Null(stats.CompactDelay); // v11
        Assert.Null(stats.ThreadGroupId); // v12
        Assert.Null(stats.ThreadGroupElapsedTime);
        Assert.Null(stats.ExecutableDevice);
        Assert.Null(stats.ExecutableInode);
        Assert.Null(stats.WriteProtectCopyDelay); // v13
        Assert.Null(stats.IrqDelay); // v14
    }

    [Fact]
    public void AdjustedCpuTimesSplitTheRuntimeInTheProportionOfTheSamples()
    {
        var stats = Decode.Payload(Build(8));
        var (utime, stime, runtime) = (ValueAt(152), ValueAt(160), ValueAt(72));
        var system = (ulong)((UInt128)stime * runtime / (stime + utime));

        Assert.Equal(TimeSpan.FromTicks((long)(system / 100)), stats.SystemCpuTimeAdjusted);
        Assert.Equal(TimeSpan.FromTicks((long)((runtime - system) / 100)), stats.UserCpuTimeAdjusted);

        var noRuntime = Build(8);
        BitConverter.GetBytes(0UL).CopyTo(noRuntime, 72);
        Assert.Equal(Micro(152), Decode.Payload(noRuntime).UserCpuTimeAdjusted);
    }

    [Fact]
    public void Version13AddsThrashingCompactExecutableAndWriteProtectCopy()
    {
        var stats = Decode.Payload(Build(13));

        Assert.Equal(416, stats.ReturnedBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), stats.StartTime); // ac_btime64 from v10
        AssertDelay(stats, TaskDelayKind.Thrashing, 328, 336);
        AssertDelay(stats, TaskDelayKind.Compact, 352, 360);
        AssertDelay(stats, TaskDelayKind.WriteProtectCopy, 400, 408);
        Assert.Equal(4240, stats.ThreadGroupId);
        Assert.Equal(Micro(376), stats.ThreadGroupElapsedTime);
        Assert.Equal(ValueAt(384), stats.ExecutableDevice);
        Assert.Equal(ValueAt(392), stats.ExecutableInode);
        Assert.Null(stats.IrqDelay);
        Assert.Null(stats.CpuDelay!.Value.Max);
    }

    [Fact]
    public void Version14AddsTheIrqDelay()
    {
        var stats = Decode.Payload(Build(14));

        Assert.Equal(432, stats.ReturnedBytes);
        AssertDelay(stats, TaskDelayKind.Irq, 416, 424);
        Assert.All(Kinds, kind => Assert.Null(stats.GetDelay(kind)!.Value.Max));
    }

    [Fact]
    public void Version16AddsMaxAndMinForEveryDelayKind()
    {
        var stats = Decode.Payload(Build(16));

        Assert.Equal(560, stats.ReturnedBytes);
        foreach (var kind in Kinds)
        {
            var delay = stats.GetDelay(kind)!.Value;
            var offset = 432 + ((int)kind * 16);
            Assert.Equal(ValueAt(offset), delay.MaxNanoseconds);
            Assert.Equal(ValueAt(offset + 8), delay.MinNanoseconds);
            Assert.Equal(Nano(offset), delay.Max);
            Assert.Null(delay.MaxTimestamp);
        }
    }

    [Fact]
    public void Version17AddsTheTimestampOfEachMaximum()
    {
        var stats = Decode.Payload(Build(17));

        Assert.Equal(17, stats.Version);
        Assert.Equal(688, stats.ReturnedBytes);
        foreach (var kind in Kinds)
        {
            var delay = stats.GetDelay(kind)!.Value;
            Assert.Equal(ValueAt(432 + ((int)kind * 16)), delay.MaxNanoseconds);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_767_225_600 + (int)kind).AddMilliseconds(500), delay.MaxTimestamp);
        }
    }

    [Fact]
    public void LaterVersionsParseTheFieldsThisPackageKnows()
    {
        var payload = Build(18, size: 800);
        var stats = Decode.Payload(payload);

        Assert.Equal(18, stats.Version);
        Assert.Equal(800, stats.ReturnedBytes);
        Assert.Equal(Micro(152), stats.UserCpuTime);
        Assert.Equal(ValueAt(424), stats.IrqDelay!.Value.TotalNanoseconds);
        Assert.NotNull(stats.IrqDelay!.Value.MaxTimestamp);
    }

    [Fact]
    public void FieldsPastTheReturnedBytesAreAbsentEvenWhenTheVersionHasThem()
    {
        // A version 16 struct cut after write_bytes (offset 264): everything from cancelled_write_bytes on is absent.
        var stats = Decode.Payload(Build(16)[..264]);

        Assert.Equal(16, stats.Version);
        Assert.Equal(264, stats.ReturnedBytes);
        Assert.Equal(ValueAt(256), stats.WriteBytes);
        Assert.Null(stats.CancelledWriteBytes);
        Assert.Null(stats.VoluntaryContextSwitches);
        Assert.Null(stats.FreePagesDelay);
        Assert.Null(stats.CpuDelay!.Value.Max);
        Assert.Equal(ValueAt(16), stats.CpuDelay!.Value.Count);
    }

    [Fact]
    public void AThreadGroupRecordOfAnyVersionHidesTheTaskOnlyFields()
    {
        var stats = Decode.Payload(Build(17), threadGroup: true, id: 77);

        Assert.Equal(TaskStatsScope.ThreadGroup, stats.Scope);
        Assert.Equal(77, stats.Id);
        Assert.Equal(Micro(152), stats.UserCpuTime);
        Assert.Equal(ValueAt(272), stats.VoluntaryContextSwitches);
        Assert.NotNull(stats.IrqDelay!.Value.MaxTimestamp);
        Assert.Null(stats.Command);
        Assert.Null(stats.WriteBytes);
        Assert.Null(stats.MinorFaults);
        Assert.Null(stats.PeakResidentBytes);
        Assert.Null(stats.ExecutableInode);
    }

    [Fact]
    public void Version15IsRefusedWithAClearError()
    {
        var error = Assert.Throws<TaskstatsProtocolException>(() => Decode.Payload(Build(15)));
        Assert.Contains("version 15", error.Message);
        Assert.Contains("version 16", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void VersionsBeforeTheAlignmentFixAreRefused(int version)
    {
        var error = Assert.Throws<TaskstatsProtocolException>(() => Decode.Payload(Build(version)));
        Assert.Contains($"version {version}", error.Message);
    }

    [Fact]
    public void VersionZeroIsRefusedInQueriesButTakesTheTaskRecordsVersionInAThreadGroupExitRecord()
    {
        var zero = Build(16);
        zero[0] = 0;
        Assert.Throws<TaskstatsProtocolException>(() => Decode.Payload(zero));

        // Kernels before 6.18 sent the thread-group exit record with version 0.
        var message = Wire.Message(Wire.FamilyId, 0, 5, 0, Wire.Genl(2), Wire.Aggregate(false, 10, Build(14)), Wire.Aggregate(true, 10, zero[..432]));
        Assert.Equal(2, Decode.Taskstats(message, isExit: true, out _, out var group));
        Assert.Equal(14, group.Version);
        Assert.Equal(ValueAt(424), group.IrqDelay!.Value.TotalNanoseconds);

        // Those kernels accumulated only delay accounting into it (fill_tgid_exit): the run totals are there, the user and
        // system times, the elapsed time and the context switches were never written and are absent, not zeros.
        Assert.NotNull(group.CpuRunVirtualTotal);
        Assert.NotNull(group.CpuRunRealTotal);
        Assert.Null(group.UserCpuTime);
        Assert.Null(group.SystemCpuTime);
        Assert.Null(group.UserCpuTimeAdjusted);
        Assert.Null(group.SystemCpuTimeAdjusted);
        Assert.Null(group.ElapsedTime);
        Assert.Null(group.VoluntaryContextSwitches);
        Assert.Null(group.InvoluntaryContextSwitches);

        // A thread-group exit record that carries its own version (6.18) has them.
        var modern = Wire.Message(Wire.FamilyId, 0, 6, 0, Wire.Genl(2), Wire.Aggregate(false, 10, Build(16)), Wire.Aggregate(true, 10, Build(16)));
        Assert.Equal(2, Decode.Taskstats(modern, isExit: true, out _, out var complete));
        Assert.Equal(Micro(152), complete.UserCpuTime);
        Assert.Equal(ValueAt(272), complete.VoluntaryContextSwitches);
        Assert.NotNull(complete.ElapsedTime);
    }

    [Fact]
    public void TheDefaultValueHasEveryFieldAbsent()
    {
        var stats = default(TaskStats);

        Assert.Equal(TaskStatsScope.None, stats.Scope);
        Assert.Equal(0, stats.Version);
        Assert.Null(stats.UserCpuTime);
        Assert.Null(stats.CpuDelay);
        Assert.Null(stats.Command);
        Assert.Null(stats.VoluntaryContextSwitches);
    }

    private static void AssertDelay(TaskStats stats, TaskDelayKind kind, int countOffset, int totalOffset)
    {
        var delay = stats.GetDelay(kind);
        Assert.NotNull(delay);
        Assert.Equal(ValueAt(countOffset), delay.Value.Count);
        Assert.Equal(ValueAt(totalOffset), delay.Value.TotalNanoseconds);
        Assert.Equal(Nano(totalOffset), delay.Value.Total);
    }

    private static TimeSpan Micro(int offset) => TimeSpan.FromTicks((long)ValueAt(offset) * 10);

    private static TimeSpan Nano(int offset) => TimeSpan.FromTicks((long)(ValueAt(offset) / 100));
}
