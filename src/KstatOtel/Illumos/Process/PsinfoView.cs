using System.Runtime.InteropServices;

namespace KstatOtel.Illumos.Process;

/// <summary>
/// <c>/proc/PID/psinfo</c>: <c>psinfo_t</c> of illumos-gate usr/src/uts/common/sys/procfs.h, as a 64-bit (LP64)
/// reader receives it (the kernel answers in the reader's data model, whatever the target's). A view over the bytes
/// read: decoding is a pure function and allocates nothing. Facts relied on (offsets and sizes checked with gcc on
/// the procfs.h declarations with the illumos LP64 types: pid_t, uid_t, id_t int; size_t, uintptr_t, dev_t 8 bytes;
/// timestruc_t 16; lwpsinfo_t 128):
/// <code>
///   0 int pr_flag         40 uintptr_t pr_addr    88 timestruc_t pr_start    232 int pr_wstat    260 taskid_t pr_taskid
///   4 int pr_nlwp         48 size_t pr_size (KB)  104 timestruc_t pr_time    236 int pr_argc     264 projid_t pr_projid
///   8 pid_t pr_pid        56 size_t pr_rssize(KB) 120 timestruc_t pr_ctime   240 uintptr_t argv  268 int pr_nzomb
///  12 pid_t pr_ppid       64 size_t pr_pad1       136 char pr_fname[16]      248 uintptr_t envp  272 poolid_t pr_poolid
///  16 pid_t pr_pgid       72 dev_t pr_ttydev      152 char pr_psargs[80]     256 char pr_dmodel  276 zoneid_t pr_zoneid
///  20 pid_t pr_sid        80 ushort pr_pctcpu                                257 char pad[3]     280 id_t pr_contract
///  24 uid_t pr_uid        82 ushort pr_pctmem                                                    284 int pr_filler[1]
///  28 uid_t pr_euid       (84: 4 bytes of padding)                                               288 lwpsinfo_t pr_lwp
///  32 gid_t pr_gid                                                                               416 = sizeof (psinfo_t)
///  36 gid_t pr_egid
/// </code>
/// pr_pctcpu and pr_pctmem are 16-bit binary fractions (0x8000 = 100%).
/// </summary>
internal readonly ref struct PsinfoView
{
    /// <summary>sizeof (psinfo_t) for a 64-bit reader; a shorter read is not a psinfo_t of this layout.</summary>
    public const int Size = 416;

    public const int FnameLength = 16;
    public const int PsargsLength = 80;

    private const string Input = "/proc/self/psinfo (psinfo_t)";

    private readonly ReadOnlySpan<byte> _data;

    private PsinfoView(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public int Flag => I32(0);

    /// <summary>Active LWPs (threads).</summary>
    public int LwpCount => I32(4);

    public int Pid => I32(8);

    public int ParentPid => I32(12);

    public int ProcessGroupId => I32(16);

    public int SessionId => I32(20);

    public uint UserId => U32(24);

    public uint EffectiveUserId => U32(28);

    public uint GroupId => U32(32);

    public uint EffectiveGroupId => U32(36);

    public ulong Address => U64(40);

    /// <summary>Size of the process image, in KiB (pr_size).</summary>
    public ulong SizeKilobytes => U64(48);

    /// <summary>Resident set size, in KiB (pr_rssize).</summary>
    public ulong ResidentKilobytes => U64(56);

    public ulong TtyDevice => U64(72);

    public ushort PercentCpu => MemoryMarshal.Read<ushort>(_data.Slice(80, 2));

    public ushort PercentMemory => MemoryMarshal.Read<ushort>(_data.Slice(82, 2));

    /// <summary>Start time, from the epoch.</summary>
    public ProcTime Start => Time(88);

    /// <summary>User + system CPU time of the process.</summary>
    public ProcTime CpuTime => Time(104);

    /// <summary>User + system CPU time of reaped children.</summary>
    public ProcTime ChildrenCpuTime => Time(120);

    /// <summary>The name of the executed file, up to its NUL.</summary>
    public ReadOnlySpan<byte> FileName => Text(136, FnameLength);

    /// <summary>The first characters of the argument list, up to the NUL.</summary>
    public ReadOnlySpan<byte> Arguments => Text(152, PsargsLength);

    public int WaitStatus => I32(232);

    public int ArgumentCount => I32(236);

    public ulong ArgumentVector => U64(240);

    public ulong EnvironmentVector => U64(248);

    /// <summary>The target's data model: 1 = ILP32, 2 = LP64 (PR_MODEL_*).</summary>
    public byte DataModel => _data[256];

    public int TaskId => I32(260);

    public int ProjectId => I32(264);

    public int ZombieLwpCount => I32(268);

    public int PoolId => I32(272);

    public int ZoneId => I32(276);

    public int ContractId => I32(280);

    /// <summary>Decodes <paramref name="data"/>; throws <see cref="MalformedInputException"/> when it is shorter than psinfo_t.</summary>
    public static PsinfoView Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            ThrowHelper.ThrowMalformed(Input, $"{data.Length} bytes, but psinfo_t is {Size} bytes for a 64-bit reader");
        }

        var view = new PsinfoView(data);
        ProcTimes.Check(view.Start, Input, 88);
        ProcTimes.Check(view.CpuTime, Input, 104);
        ProcTimes.Check(view.ChildrenCpuTime, Input, 120);
        if (view.LwpCount < 0)
        {
            ThrowHelper.ThrowMalformed(Input, $"pr_nlwp is negative ({view.LwpCount})", 4);
        }

        return view;
    }

    private int I32(int offset) => MemoryMarshal.Read<int>(_data.Slice(offset, 4));

    private uint U32(int offset) => MemoryMarshal.Read<uint>(_data.Slice(offset, 4));

    private ulong U64(int offset) => MemoryMarshal.Read<ulong>(_data.Slice(offset, 8));

    private ProcTime Time(int offset) => new(MemoryMarshal.Read<long>(_data.Slice(offset, 8)), MemoryMarshal.Read<long>(_data.Slice(offset + 8, 8)));

    private ReadOnlySpan<byte> Text(int offset, int length)
    {
        var field = _data.Slice(offset, length);
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }
}
