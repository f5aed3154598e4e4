using KstatOtel.Taskstats.Tests.Support;

namespace KstatOtel.Taskstats.Tests.Decoding;

/// <summary>Decodes replies recorded from Linux 6.18 (struct taskstats version 16); see tests/fixtures/taskstats.</summary>
public class RecordedReplyTests
{
    [Fact]
    public void TaskReplyOfPid1DecodesEveryTaskField()
    {
        var fixture = HexFixture.Load("pid-reply-init.hex");
        var stats = Decode.Single(fixture.Bytes);

        Assert.Equal(TaskStatsScope.Task, stats.Scope);
        Assert.Equal(1, stats.Id);
        Assert.False(stats.IsExitRecord);
        Assert.Equal(16, stats.Version);
        Assert.Equal(560, stats.ReturnedBytes);
        Assert.Equal("process_api", stats.Command);
        Assert.Equal("process_api"u8.ToArray(), stats.CommandUtf8.ToArray());
        Assert.Equal(1, stats.ProcessId);
        Assert.Equal(0, stats.ParentProcessId);
        Assert.Equal(1, stats.ThreadGroupId);
        Assert.Equal(0u, stats.UserId);
        Assert.Equal(0u, stats.GroupId);
        Assert.Equal(TaskAccountingBits.SuperUser, stats.Flags);
        Assert.Equal(TimeSpan.FromMicroseconds(8000), stats.UserCpuTime);
        Assert.Equal(TimeSpan.FromMicroseconds(175933), stats.SystemCpuTime);
        Assert.Equal(347UL, stats.VoluntaryContextSwitches);
        Assert.Equal(71UL, stats.InvoluntaryContextSwitches);
        Assert.Equal(423UL, stats.MinorFaults);
        Assert.NotNull(stats.MajorFaults);
        Assert.NotNull(stats.PeakResidentBytes);
        Assert.Equal(0UL, stats.PeakResidentBytes!.Value % 1024);
        Assert.NotNull(stats.ReadChars);
        Assert.NotNull(stats.WriteBytes);
        Assert.NotNull(stats.StartTime);
        Assert.InRange(stats.StartTime!.Value.Year, 2024, 2100);
        Assert.Null(stats.ExitStatus); // a query, not an exit record
        Assert.Null(stats.ExitCode);

        var cpu = stats.CpuDelay!.Value;
        Assert.Equal(418UL, cpu.Count);
        Assert.Equal(16172923UL, cpu.TotalNanoseconds);
        Assert.Equal(3729572UL, cpu.MaxNanoseconds);
        Assert.Equal(541UL, cpu.MinNanoseconds);
        Assert.Null(cpu.MaxTimestamp); // version 17 only
        Assert.Equal(TimeSpan.FromTicks(16172923 / 418 / 100), cpu.Average);

        // Version 16 has every delay kind, with max and min.
        foreach (var kind in Enum.GetValues<TaskDelayKind>())
        {
            var delay = stats.GetDelay(kind);
            Assert.NotNull(delay);
            Assert.NotNull(delay.Value.Max);
            Assert.NotNull(delay.Value.Min);
        }
    }

    [Fact]
    public void ThreadGroupReplyReportsTheFieldsTheKernelLeavesEmptyAsAbsent()
    {
        var stats = Decode.Single(HexFixture.Load("tgid-reply-init.hex").Bytes);

        Assert.Equal(TaskStatsScope.ThreadGroup, stats.Scope);
        Assert.Equal(1, stats.Id);
        Assert.Equal(16, stats.Version);

        // Filled for thread groups.
        Assert.Equal(TimeSpan.FromMicroseconds(518687), stats.UserCpuTime);
        Assert.Equal(TimeSpan.FromMicroseconds(2345140), stats.SystemCpuTime);
        Assert.Equal(9163UL, stats.VoluntaryContextSwitches);
        Assert.Equal(1652UL, stats.InvoluntaryContextSwitches);
        Assert.Equal(10831UL, stats.CpuDelay!.Value.Count);
        Assert.NotNull(stats.ElapsedTime);
        Assert.NotNull(stats.CpuRunVirtualTotal);
        Assert.NotNull(stats.BlockIoDelay);

        // Left zero by the kernel for thread groups: absent, not 0.
        Assert.Null(stats.Command);
        Assert.True(stats.CommandUtf8.IsEmpty);
        Assert.Null(stats.ProcessId);
        Assert.Null(stats.ParentProcessId);
        Assert.Null(stats.ThreadGroupId);
        Assert.Null(stats.UserId);
        Assert.Null(stats.GroupId);
        Assert.Null(stats.StartTime);
        Assert.Null(stats.Nice);
        Assert.Null(stats.SchedulingPolicy);
        Assert.Null(stats.Flags);
        Assert.Null(stats.MinorFaults);
        Assert.Null(stats.MajorFaults);
        Assert.Null(stats.PeakResidentBytes);
        Assert.Null(stats.PeakVirtualBytes);
        Assert.Null(stats.ResidentMegabyteMicroseconds);
        Assert.Null(stats.VirtualMegabyteMicroseconds);
        Assert.Null(stats.ReadChars);
        Assert.Null(stats.WriteChars);
        Assert.Null(stats.ReadSyscalls);
        Assert.Null(stats.WriteSyscalls);
        Assert.Null(stats.ReadBytes);
        Assert.Null(stats.WriteBytes);
        Assert.Null(stats.CancelledWriteBytes);
        Assert.Null(stats.UserCpuTimeScaled);
        Assert.Null(stats.SystemCpuTimeScaled);
        Assert.Null(stats.ThreadGroupElapsedTime);
        Assert.Null(stats.ExecutableDevice);
        Assert.Null(stats.ExecutableInode);
    }

    [Fact]
    public void ExitOfASingleThreadedProcessIsOneTaskRecordWithItsExitCode()
    {
        var fixture = HexFixture.Load("exit-single-thread.hex");
        Assert.Equal(1, Decode.Taskstats(fixture.Bytes, isExit: true, out var stats, out _));

        Assert.Equal(TaskStatsScope.Task, stats.Scope);
        Assert.True(stats.IsExitRecord);
        Assert.Equal(8651, stats.Id);
        Assert.Equal(8651, stats.ProcessId);
        Assert.Equal(8650, stats.ParentProcessId);
        Assert.Equal("ts-child", stats.Command);
        Assert.Equal(0x700, stats.ExitStatus);
        Assert.Equal(7, stats.ExitCode);
        Assert.Null(stats.TerminationSignal);
        Assert.Equal(TaskAccountingBits.LastInGroup, stats.Flags);
        Assert.Equal(TimeSpan.FromMicroseconds(27962 + 4000), stats.UserCpuTime + stats.SystemCpuTime);
    }

    [Fact]
    public void ExitOfTheLastThreadOfAMultiThreadedProcessCarriesATaskAndAThreadGroupRecord()
    {
        var fixture = HexFixture.Load("exit-multi-thread.hex");
        Assert.Equal(2, Decode.Taskstats(fixture.Bytes, isExit: true, out var task, out var group));

        Assert.Equal(TaskStatsScope.Task, task.Scope);
        Assert.Equal(8653, task.Id);
        Assert.Equal(3, task.ExitCode);
        Assert.True(task.Flags!.Value.HasFlag(TaskAccountingBits.LastInGroup));

        Assert.Equal(TaskStatsScope.ThreadGroup, group.Scope);
        Assert.True(group.IsExitRecord);
        Assert.Equal(8653, group.Id);
        Assert.Equal(16, group.Version);
        Assert.Null(group.ExitCode);
        Assert.Null(group.Command);
        // The group record includes the CPU time of the threads that exited earlier.
        Assert.Equal(TimeSpan.FromMicroseconds(36000 + 4000), group.UserCpuTime + group.SystemCpuTime);
        Assert.True(group.CpuDelay!.Value.Count > task.CpuDelay!.Value.Count);
    }

    [Fact]
    public void CgroupReplyGivesTheFiveCounts()
    {
        var datagram = HexFixture.Load("cgroupstats-reply-cpu.hex").Bytes;
        var stats = KstatOtel.Taskstats.Protocol.TaskstatsMessageDecoder.DecodeCgroupStats(datagram.AsSpan(16, datagram.Length - 16), 0);

        Assert.Equal(33UL, stats.Sleeping);
        Assert.Equal(1UL, stats.Running);
        Assert.Equal(0UL, stats.Stopped);
        Assert.Equal(0UL, stats.Uninterruptible);
        Assert.Equal(0UL, stats.IoWait);
        Assert.Equal(34UL, stats.Total);
    }

    [Fact]
    public void FamilyReplyNamesTheOperationsAndTheirPermissions()
    {
        var datagram = HexFixture.Load("family-reply.hex").Bytes;
        var family = KstatOtel.Taskstats.Genetlink.GenlFamilyDecoder.Decode(datagram.AsSpan(20, datagram.Length - 20));

        Assert.Equal(31, family.Id);
        Assert.Equal("TASKSTATS", family.Name);
        Assert.Equal(1u, family.Version);
        Assert.Equal(0u, family.HeaderSize);
        Assert.Equal(0u, family.MaxAttribute);
        Assert.Equal(2, family.Operations.Count);
        var get = family.FindOperation(1)!.Value;
        Assert.Equal(0xBu, get.Flags);
        Assert.True(get.RequiresAdmin);
        var cgroup = family.FindOperation(4)!.Value;
        Assert.Equal(0xAu, cgroup.Flags);
        Assert.False(cgroup.RequiresAdmin);
        Assert.Empty(family.MulticastGroups);
    }
}
