
namespace KstatOtel.Kstat.Tests;

/// <summary>
/// A constructed fixture with one kstat of each kind and every named data type (no public capture has IO timing
/// values, interrupt or timer kstats, or the RAW structures with all fields): each value is checked field by field.
/// </summary>
[Collection(StandinCollection.Name)]
public class TypesTests
{
    private static readonly string TypesFile = Fixtures.Constructed("types.kstat");

    [Fact]
    public void NamedStatisticsOfEveryDataType()
    {
        using var session = StandinSession.Start(TypesFile);
        using var token = session.Open();
        var kstat = token.Require("test", 0, "types");
        Assert.Equal(12_000_000_001, kstat.CreationTime);
        var values = kstat.ReadNamed();
        Assert.Equal(98_765_123_456_789, values.SnapTime);
        Assert.Equal((KstatDataType.Int32, (long)int.MinValue), (values.Get("i32_min").DataType, values.Get("i32_min").Int64Value));
        Assert.Equal((KstatDataType.Int32, (long)int.MaxValue), (values.Get("i32_max").DataType, values.Get("i32_max").Int64Value));
        Assert.Equal((KstatDataType.UInt32, (ulong)uint.MaxValue), (values.Get("u32_max").DataType, values.Get("u32_max").UInt64Value));
        Assert.Equal((KstatDataType.Int64, long.MinValue), (values.Get("i64_min").DataType, values.Get("i64_min").Int64Value));
        Assert.Equal(-1L, values.Get("i64_neg").Int64Value);
        Assert.Equal((KstatDataType.UInt64, ulong.MaxValue), (values.Get("u64_max").DataType, values.Get("u64_max").UInt64Value));
        Assert.Equal(ulong.MaxValue - 1, values.Get("u64_near").UInt64Value);
        Assert.Equal((KstatDataType.Char, "0123456789abcdef"), (values.Get("char_full").DataType, values.Get("char_full").StringValue));
        Assert.Equal("on-line", values.Get("char_short").StringValue);
        Assert.Equal((KstatDataType.Char, string.Empty), (values.Get("char_empty").DataType, values.Get("char_empty").StringValue));
        var expectedLong = "a long string: " + string.Join(' ', Enumerable.Range(0, 30).Select(i => $"word{i}:{i * 7}"));
        Assert.Equal((KstatDataType.String, expectedLong), (values.Get("string_long").DataType, values.Get("string_long").StringValue));
        Assert.Equal((KstatDataType.String, "x"), (values.Get("string_short").DataType, values.Get("string_short").StringValue));
        Assert.Equal(7UL, values.Get("with space, and comma").UInt64Value);
        Assert.Equal((KstatDataType.UInt64, 42UL), (values.Get("plain_number").DataType, values.Get("plain_number").UInt64Value));
        Assert.Equal((KstatDataType.Int64, -42L), (values.Get("plain_negative").DataType, values.Get("plain_negative").Int64Value));
        Assert.Equal((KstatDataType.Char, "hello world"), (values.Get("plain_text").DataType, values.Get("plain_text").StringValue));
        Assert.True(kstat.Flags.HasFlag(KstatFlags.LongStrings));
        Assert.True(kstat.TryReadNamed("string_long", out var single));
        Assert.Equal(expectedLong, single.StringValue);
        Assert.False(kstat.TryReadNamed("no such statistic", out _));
        Assert.Throws<InvalidOperationException>(() => values.Get("plain_text").UInt64Value);
        Assert.Throws<InvalidOperationException>(() => values.Get("plain_number").StringValue);
        Assert.Throws<InvalidOperationException>(() => values.Get("i64_neg").UInt64Value);
        Assert.Equal(-1.0, values.Get("i64_neg").ToDouble());
        Assert.Equal("18446744073709551615", values.Get("u64_max").FormatValue());
    }

    [Fact]
    public void IOInterruptAndTimerKstats()
    {
        using var session = StandinSession.Start(TypesFile);
        using var token = session.Open();
        var disk = token.Require("sd", 0, "sd0");
        Assert.Equal(KstatType.IO, disk.Type);
        Assert.True(disk.TryReadIO(out var io));
        Assert.Equal(1_000_250_000_000, io.SnapTime);
        Assert.Equal((89_243_253_248UL, 11_337_490_944UL, 3_115_833U, 957_377U), (io.BytesRead, io.BytesWritten, io.ReadOperations, io.WriteOperations));
        Assert.Equal((1_500_000_000L, 2_250_000_000L, 999_750_000_000L), (io.WaitTime, io.WaitLengthTime, io.WaitLastUpdate));
        Assert.Equal((100_000_000_001L, 150_500_000_000L, 1_000_125_000_000L), (io.RunTime, io.RunLengthTime, io.RunLastUpdate));
        Assert.Equal((1U, 2U), (io.WaitCount, io.RunCount));

        var ata = token.Require("ata", 0, "ata0");
        Assert.Equal(KstatType.Interrupt, ata.Type);
        Assert.True(ata.TryReadInterrupts(out var intr));
        Assert.Equal((100U, 101U, 102U, 103U, 104U), (intr.Hard, intr.Soft, intr.Watchdog, intr.Spurious, intr.MultipleService));

        var timer = token.Require("test", 0, "timer");
        Assert.Equal(KstatType.Timer, timer.Type);
        Assert.True(timer.TryReadTimers(out var one));
        var ev = Assert.Single(one);
        Assert.Equal(("ev", 42UL, 1_500_000_000L, 1_000_000L, 500_000_000L), (ev.Name, ev.EventCount, ev.ElapsedTime, ev.MinTime, ev.MaxTime));
        Assert.Equal((900_250_000_000L, 900_750_000_000L, 1_002_000_000_000L), (ev.StartTime, ev.StopTime, ev.SnapTime));

        Assert.True(token.Require("test", 0, "timers").TryReadTimers(out var three));
        Assert.Equal(["reads", "writes", "syncs"], three.Select(t => t.Name));
        Assert.Equal([10UL, 20UL, 30UL], three.Select(t => t.EventCount));
        Assert.Equal(2_500_000_000L, three[1].ElapsedTime);

        Assert.Throws<InvalidOperationException>(() => disk.TryReadInterrupts(out _));
        Assert.Throws<InvalidOperationException>(() => ata.TryReadNamed(new KstatNamedValues()));
    }

    [Fact]
    public void RawStructuresDecodeFieldByField()
    {
        using var session = StandinSession.Start(TypesFile);
        using var token = session.Open();
        Assert.True(token.Require("unix", 0, "sysinfo").TryReadSysInfo(out var sys));
        Assert.Equal((1000U, 1001U, 1002U, 1003U, 1004U, 1005U), (sys.Updates, sys.RunQueue, sys.RunOccupancy, sys.SwapQueue, sys.SwapOccupancy, sys.Waiting));
        Assert.Equal(1_004_000_000_000, sys.SnapTime);

        Assert.True(token.Require("unix", 0, "vminfo").TryReadVmInfo(out var vm));
        Assert.Equal(
            [5_000_000_000_000UL, 5_000_000_000_001UL, 5_000_000_000_002UL, 5_000_000_000_003UL, 5_000_000_000_004UL, 5_000_000_000_005UL],
            new[] { vm.FreeMemory, vm.SwapReserved, vm.SwapAllocated, vm.SwapAvailable, vm.SwapFree, vm.Updates });

        Assert.True(token.Require("unix", 0, "var").TryReadVar(out var v));
        Assert.Equal(Enumerable.Range(200, 15),
            new[] { v.Buf, v.Call, v.Proc, v.MaxUpTtl, v.NGlobPris, v.MaxSysPri, v.CList, v.MaxUp, v.HBuf, v.HMask, v.PBuf, v.SptMap, v.MaxPMem, v.AutoUp, v.BufHwm });

        Assert.True(token.Require("nfs", 5, "mntinfo").TryReadMntInfo(out var mnt));
        Assert.Equal(("tcp", "nfs-server.example.com"), (mnt.Protocol, mnt.CurrentServer));
        Assert.Equal((4U, 4128U, 1U, 1_048_576U, 1_048_577U, 600, 5), (mnt.Version, mnt.Flags, mnt.SecurityMode, mnt.CurrentReadSize, mnt.CurrentWriteSize, mnt.Timeout, mnt.Retransmissions));
        Assert.Equal((3U, 60U, 30U, 61U), (mnt.AttributeCacheRegularMin, mnt.AttributeCacheRegularMax, mnt.AttributeCacheDirectoryMin, mnt.AttributeCacheDirectoryMax));
        Assert.Equal((11U, 12U, 13U), (mnt.LookupTimer.SmoothedRoundTrip, mnt.LookupTimer.Deviation, mnt.LookupTimer.CurrentTimeout));
        Assert.Equal((21U, 22U, 23U), (mnt.ReadTimer.SmoothedRoundTrip, mnt.ReadTimer.Deviation, mnt.ReadTimer.CurrentTimeout));
        Assert.Equal((31U, 32U, 33U), (mnt.WriteTimer.SmoothedRoundTrip, mnt.WriteTimer.Deviation, mnt.WriteTimer.CurrentTimeout));
        Assert.Equal((7U, 8U, 9U), (mnt.NoResponse, mnt.Failover, mnt.Remap));

        Assert.True(token.Require("cpu_stat", 0, "cpu_stat0").TryReadCpuStat(out var cpu));
        var s = cpu.SysInfo;
        Assert.Equal([3000U, 3001U, 3002U, 3003U, 3004U, 3005U, 3006U], new[] { s.Idle, s.User, s.Kernel, s.Wait, s.WaitIO, s.WaitSwap, s.WaitPio });
        Assert.Equal((3007U, 3016U, 3052U), (s.BRead, s.Syscall, s.BAWrite));
        Assert.Equal((3053, 3054, 3055), (cpu.SysWait.IOWait, cpu.SysWait.Swap, cpu.SysWait.PhysIO));
        Assert.Equal((3056U, 3086U), (cpu.VmInfo.PgRec, cpu.VmInfo.FsFree));
        Assert.Equal((0U, 0U), (s.RwEnters, s.WindowSystemUserOverflows));

        Assert.True(token.Require("unix", 0, "var").TryReadRaw(out var bytes, out var snap));
        Assert.Equal(60, bytes.Length);
        Assert.Equal(200, BitConverter.ToInt32(bytes, 0));
        Assert.Equal(1_006_000_000_000, snap);
        var buffer = new byte[64];
        Assert.True(token.Require("unix", 0, "var").TryReadRaw(buffer, out var written, out _));
        Assert.Equal(60, written);
        Assert.Equal(214, BitConverter.ToInt32(buffer, 56));
        Assert.Throws<ArgumentException>(() => token.Require("unix", 0, "var").TryReadRaw(new byte[10], out _, out _));
        Assert.Throws<InvalidOperationException>(() => token.Require("unix", 0, "var").TryReadSysInfo(out _));
    }
}
