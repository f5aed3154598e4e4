using System.Buffers.Binary;
using KstatOtel.Linux;
using KstatOtel.Taskstats;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Tests.Linux;

/// <summary>
/// The own process's CPU time from a thread-group query, on kernels that accumulate exited threads' tick samples into
/// the reply (6.18) and on those that leave them at 0 (6.12 and older, where only the runtime covers every thread).
/// </summary>
public class ThreadGroupCpuTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void AReplyWithTickSamplesSplitsTheRuntimeInTheirProportion()
    {
        // 3 s of runtime, samples 1 s user and 0.5 s system: 2 s user, 1 s system (procfs's split), whatever stat says.
        var stats = ThreadGroupReply(runtimeNs: 3_000_000_000, utimeUs: 1_000_000, stimeUs: 500_000);

        Assert.True(LinuxProcessModule.TrySplitThreadGroupCpu(in stats, statUser: 10, statSystem: 990, out var user, out var system));

        Assert.Equal(2 * Second, user);
        Assert.Equal(1 * Second, system);
    }

    [Fact]
    public void AReplyOfAnOlderKernelWithoutTickSamplesSplitsTheRuntimeLikeStat()
    {
        // 6.12 and older: ac_utime and ac_stime stay 0 in a thread-group query. The runtime (exact, exited threads
        // included) is split in the proportion of /proc/self/stat's clock ticks: 300 user, 100 system.
        var stats = ThreadGroupReply(runtimeNs: 4_000_000_000, utimeUs: 0, stimeUs: 0);

        Assert.True(LinuxProcessModule.TrySplitThreadGroupCpu(in stats, statUser: 300, statSystem: 100, out var user, out var system));

        Assert.Equal(3 * Second, user);
        Assert.Equal(1 * Second, system);
        Assert.Equal(4 * Second, user + system);
    }

    [Fact]
    public void NoRuntimeAndNoSamplesIsNoSplitToMakeUp()
    {
        var empty = ThreadGroupReply(runtimeNs: 0, utimeUs: 0, stimeUs: 0);
        Assert.True(LinuxProcessModule.TrySplitThreadGroupCpu(in empty, statUser: 5, statSystem: 5, out var user, out var system));
        Assert.Equal((0L, 0L), (user, system));

        Assert.False(LinuxProcessModule.TrySplitThreadGroupCpu(default, statUser: 5, statSystem: 5, out _, out _));
    }

    private static TaskStats ThreadGroupReply(ulong runtimeNs, ulong utimeUs, ulong stimeUs)
    {
        var payload = new byte[TaskStatsLayout.NewestKnownSize - 128]; // version 14's 560 bytes
        BinaryPrimitives.WriteUInt16LittleEndian(payload, 14);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(TaskStatsLayout.CpuRunVirtualTotal), runtimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(TaskStatsLayout.Utime), utimeUs);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(TaskStatsLayout.Stime), stimeUs);
        var stats = default(TaskStats);
        TaskStats.Fill(ref stats, payload, 14, TaskStatsScope.ThreadGroup, id: 42, isExitRecord: false);
        return stats;
    }
}
