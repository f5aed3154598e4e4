using System.Runtime.InteropServices;

namespace KstatOtel.Illumos.Process;

/// <summary>
/// <c>/proc/PID/usage</c>: <c>prusage_t</c> of illumos-gate usr/src/uts/common/sys/procfs.h for a 64-bit (LP64)
/// reader: microstate accounting times of the whole process (including its exited LWPs) and its resource counters.
/// A view over the bytes read: a pure function, no allocation. Facts relied on (offsets checked with gcc; id_t int,
/// timestruc_t 16 bytes, ulong_t 8 bytes):
/// <code>
///   0 id_t pr_lwpid (0: process)   88 pr_stime (system calls)    200 pr_wtime (wait for CPU)     328 ulong_t pr_minf   392 pr_vctx
///   4 int pr_count (LWPs)         104 pr_ttime (other traps)     216 pr_stoptime                 336 pr_majf           400 pr_ictx
///   8 timestruc_t pr_tstamp       120 pr_tftime (text faults)    232 timestruc_t filltime[6]     344 pr_nswap          408 pr_sysc
///  24 pr_create                   136 pr_dftime (data faults)                                    352 pr_inblk          416 pr_ioch
///  40 pr_term                     152 pr_kftime (kernel faults)                                  360 pr_oublk          424 filler[10]
///  56 pr_rtime (elapsed)          168 pr_ltime (user locks)                                      368 pr_msnd           504 = sizeof
///  72 pr_utime (user)             184 pr_slptime (other sleep)                                   376 pr_mrcv, 384 pr_sigs
/// </code>
/// pr_tstamp, pr_create and pr_term are high-resolution times since boot; pr_tstamp - pr_create is the process's age.
/// </summary>
internal readonly ref struct PrusageView
{
    /// <summary>sizeof (prusage_t) for a 64-bit reader.</summary>
    public const int Size = 504;

    private const string Input = "/proc/self/usage (prusage_t)";

    private readonly ReadOnlySpan<byte> _data;

    private PrusageView(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public int LwpId => MemoryMarshal.Read<int>(_data[..4]);

    public int LwpCount => MemoryMarshal.Read<int>(_data.Slice(4, 4));

    public ProcTime TimeStamp => Time(8);

    public ProcTime Create => Time(24);

    public ProcTime Terminate => Time(40);

    public ProcTime RealTime => Time(56);

    public ProcTime UserTime => Time(72);

    public ProcTime SystemTime => Time(88);

    public ProcTime TrapTime => Time(104);

    public ProcTime TextFaultTime => Time(120);

    public ProcTime DataFaultTime => Time(136);

    public ProcTime KernelFaultTime => Time(152);

    public ProcTime LockTime => Time(168);

    public ProcTime SleepTime => Time(184);

    public ProcTime WaitCpuTime => Time(200);

    public ProcTime StoppedTime => Time(216);

    public ulong MinorFaults => U64(328);

    public ulong MajorFaults => U64(336);

    public ulong Swaps => U64(344);

    public ulong InputBlocks => U64(352);

    public ulong OutputBlocks => U64(360);

    public ulong MessagesSent => U64(368);

    public ulong MessagesReceived => U64(376);

    public ulong Signals => U64(384);

    public ulong VoluntaryContextSwitches => U64(392);

    public ulong InvoluntaryContextSwitches => U64(400);

    public ulong SystemCalls => U64(408);

    /// <summary>Characters read and written (pr_ioch).</summary>
    public ulong CharactersTransferred => U64(416);

    /// <summary>Decodes <paramref name="data"/>; throws <see cref="MalformedInputException"/> when it is not a whole prusage_t.</summary>
    public static PrusageView Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            ThrowHelper.ThrowMalformed(Input, $"{data.Length} bytes, but prusage_t is {Size} bytes for a 64-bit reader");
        }

        var view = new PrusageView(data);
        for (var offset = 8; offset < 232; offset += ProcTime.Size)
        {
            ProcTimes.Check(view.Time(offset), Input, offset);
        }

        return view;
    }

    private ulong U64(int offset) => MemoryMarshal.Read<ulong>(_data.Slice(offset, 8));

    private ProcTime Time(int offset) => new(MemoryMarshal.Read<long>(_data.Slice(offset, 8)), MemoryMarshal.Read<long>(_data.Slice(offset + 8, 8)));
}
