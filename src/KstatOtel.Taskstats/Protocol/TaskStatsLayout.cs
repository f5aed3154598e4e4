namespace KstatOtel.Taskstats.Protocol;

/// <summary>
/// Offsets of struct taskstats (x86_64 and every LP64 target: the aligned(8) attributes make it the same), the version
/// that added each field, and the versions this package accepts. Fields are host-endian.
/// </summary>
internal static class TaskStatsLayout
{
    /// <summary>Versions 1 to 3 predate the 2.6.23 alignment fix and lay fields out differently.</summary>
    internal const int MinimumVersion = 4;

    /// <summary>Version 15 inserted the max/min fields in the middle, shifting everything; 16 fixed it.</summary>
    internal const int WithdrawnVersion = 15;

    /// <summary>The newest layout whose fields this package knows.</summary>
    internal const int NewestKnownVersion = 17;

    /// <summary>sizeof(struct taskstats) at <see cref="NewestKnownVersion"/>; bytes past it are ignored.</summary>
    internal const int NewestKnownSize = 688;

    internal const int Version = 0;
    internal const int ExitCode = 4;
    internal const int Flag = 8;
    internal const int Nice = 9;
    internal const int CpuCount = 16;
    internal const int CpuDelayTotal = 24;
    internal const int BlkioCount = 32;
    internal const int BlkioDelayTotal = 40;
    internal const int SwapinCount = 48;
    internal const int SwapinDelayTotal = 56;
    internal const int CpuRunRealTotal = 64;
    internal const int CpuRunVirtualTotal = 72;
    internal const int Comm = 80;
    internal const int CommLength = 32;
    internal const int Sched = 112;
    internal const int Uid = 120;
    internal const int Gid = 124;
    internal const int Pid = 128;
    internal const int Ppid = 132;
    internal const int Btime = 136;
    internal const int Etime = 144;
    internal const int Utime = 152;
    internal const int Stime = 160;
    internal const int Minflt = 168;
    internal const int Majflt = 176;
    internal const int Coremem = 184;
    internal const int Virtmem = 192;
    internal const int HiwaterRss = 200;
    internal const int HiwaterVm = 208;
    internal const int ReadChar = 216;
    internal const int WriteChar = 224;
    internal const int ReadSyscalls = 232;
    internal const int WriteSyscalls = 240;
    internal const int ReadBytes = 248;
    internal const int WriteBytes = 256;
    internal const int CancelledWriteBytes = 264;
    internal const int Nvcsw = 272;
    internal const int Nivcsw = 280;
    internal const int UtimeScaled = 288;
    internal const int StimeScaled = 296;
    internal const int CpuScaledRunRealTotal = 304;
    internal const int FreepagesCount = 312;
    internal const int FreepagesDelayTotal = 320;
    internal const int ThrashingCount = 328;
    internal const int ThrashingDelayTotal = 336;
    internal const int Btime64 = 344;
    internal const int CompactCount = 352;
    internal const int CompactDelayTotal = 360;
    internal const int Tgid = 368;
    internal const int Tgetime = 376;
    internal const int ExeDev = 384;
    internal const int ExeInode = 392;
    internal const int WpcopyCount = 400;
    internal const int WpcopyDelayTotal = 408;
    internal const int IrqCount = 416;
    internal const int IrqDelayTotal = 424;

    /// <summary>v16: cpu_delay_max; each delay kind has max then min, 16 bytes a kind, in <see cref="TaskDelayKind"/> order.</summary>
    internal const int DelayMaxMinBase = 432;

    /// <summary>v17: cpu_delay_max_ts; each delay kind has a 16-byte __kernel_timespec, in <see cref="TaskDelayKind"/> order.</summary>
    internal const int DelayMaxTimestampBase = 560;

    // The version that added each group of fields.
    internal const int V2Basic = 2;
    internal const int V3StorageIo = 3;
    internal const int V4ContextSwitches = 4;
    internal const int V5Scaled = 5;
    internal const int V7Freepages = 7;
    internal const int V9Thrashing = 9;
    internal const int V10Btime64 = 10;
    internal const int V11Compact = 11;
    internal const int V12Exe = 12;
    internal const int V13Wpcopy = 13;
    internal const int V14Irq = 14;
    internal const int V16MaxMin = 16;
    internal const int V17MaxTimestamp = 17;

    /// <summary>The count offset, total offset and adding version of a delay kind.</summary>
    internal static (int Count, int Total, int Version) Delay(TaskDelayKind kind) => kind switch
    {
        TaskDelayKind.Cpu => (CpuCount, CpuDelayTotal, 1),
        TaskDelayKind.BlockIo => (BlkioCount, BlkioDelayTotal, 1),
        TaskDelayKind.SwapIn => (SwapinCount, SwapinDelayTotal, 1),
        TaskDelayKind.FreePages => (FreepagesCount, FreepagesDelayTotal, V7Freepages),
        TaskDelayKind.Thrashing => (ThrashingCount, ThrashingDelayTotal, V9Thrashing),
        TaskDelayKind.Compact => (CompactCount, CompactDelayTotal, V11Compact),
        TaskDelayKind.WriteProtectCopy => (WpcopyCount, WpcopyDelayTotal, V13Wpcopy),
        TaskDelayKind.Irq => (IrqCount, IrqDelayTotal, V14Irq),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a delay kind."),
    };
}
