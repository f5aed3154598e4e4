using System.Runtime.InteropServices;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat.Decoding;

/// <summary>
/// Decodes the fixed-layout data of INTR, IO and TIMER kstats and of the RAW kstats with known structures.
/// Pure functions over the bytes libkstat returned; each checks the size before reading.
/// </summary>
internal static class RecordDecoder
{
    public static KstatIO DecodeIO(ReadOnlySpan<byte> data, long snapTime, string subject) =>
        new(Read<KstatIoNative>(data, "kstat_io_t", exact: false, subject), snapTime);

    public static unsafe KstatInterrupts DecodeInterrupts(ReadOnlySpan<byte> data, long snapTime, string subject)
    {
        var intr = Read<KstatIntrNative>(data, "kstat_intr_t", exact: false, subject);
        return new KstatInterrupts(intr.intrs[0], intr.intrs[1], intr.intrs[2], intr.intrs[3], intr.intrs[4], snapTime);
    }

    public static unsafe KstatTimer[] DecodeTimers(ReadOnlySpan<byte> data, uint ndata, long snapTime, string subject)
    {
        var size = sizeof(KstatTimerNative);
        if ((ulong)ndata * (ulong)size > (ulong)data.Length)
        {
            ThrowHelper.Malformed($"{subject}: ks_ndata {ndata} × sizeof(kstat_timer_t) {size} exceeds ks_data_size {data.Length}.");
        }

        var timers = new KstatTimer[ndata];
        for (var i = 0; i < timers.Length; i++)
        {
            var record = data.Slice(i * size, size);
            var timer = MemoryMarshal.Read<KstatTimerNative>(record);
            timers[i] = new KstatTimer(Utf8Text.Decode(Utf8Text.UpToNul(record[..KstatNative.StrLen])), timer, snapTime);
        }

        return timers;
    }

    public static KstatSysInfo DecodeSysInfo(ReadOnlySpan<byte> data, long snapTime, string subject) =>
        new(Read<SysinfoNative>(data, "sysinfo_t", exact: true, subject), snapTime);

    public static KstatVmInfo DecodeVmInfo(ReadOnlySpan<byte> data, long snapTime, string subject) =>
        new(Read<VminfoNative>(data, "vminfo_t", exact: true, subject), snapTime);

    public static KstatVar DecodeVar(ReadOnlySpan<byte> data, long snapTime, string subject) =>
        new(Read<VarNative>(data, "struct var", exact: true, subject), snapTime);

    public static KstatCpuStat DecodeCpuStat(ReadOnlySpan<byte> data, long snapTime, string subject) =>
        new(Read<CpuStatNative>(data, "cpu_stat_t", exact: true, subject), snapTime);

    public static KstatMntInfo DecodeMntInfo(ReadOnlySpan<byte> data, long snapTime, string subject)
    {
        var mntinfo = Read<MntinfoKstatNative>(data, "struct mntinfo_kstat", exact: true, subject);
        var protocol = Utf8Text.Decode(Utf8Text.UpToNul(data.Slice(0, 128)));
        var server = Utf8Text.Decode(Utf8Text.UpToNul(data.Slice(232, 257)));
        return new KstatMntInfo(mntinfo, protocol, server, snapTime);
    }

    /// <summary>
    /// Reads a <typeparamref name="T"/> from the start of <paramref name="data"/>. RAW structures must match in size
    /// exactly (another size means another layout); INTR and IO data may be longer (ks_ndata is 1, the rest unused).
    /// </summary>
    private static unsafe T Read<T>(ReadOnlySpan<byte> data, string cName, bool exact, string subject)
        where T : unmanaged
    {
        var size = sizeof(T);
        if (exact ? data.Length != size : data.Length < size)
        {
            ThrowHelper.Malformed($"{subject}: ks_data_size is {data.Length} bytes, but sizeof({cName}) is {size}.");
        }

        return MemoryMarshal.Read<T>(data);
    }
}
