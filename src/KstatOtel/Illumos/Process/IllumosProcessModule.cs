using KstatOtel.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.Procfs;

namespace KstatOtel.Illumos.Process;

/// <summary>
/// The own process on illumos and Solaris, from <c>PROCFS/self/psinfo</c> (<c>psinfo_t</c>: threads, resident and
/// virtual size) and <c>PROCFS/self/usage</c> (<c>prusage_t</c>: microstate CPU times, faults, context switches,
/// age), both kept open and re-read with pread. User time is pr_utime; system time is pr_stime (system calls) plus
/// pr_ttime (other traps), so that the two add up to psinfo's pr_time.
/// </summary>
internal sealed class IllumosProcessModule : KstatModule<IllumosProcessPart>
{
    private static readonly KeyValuePair<string, object?>[] UserTags = [new("cpu.mode", "user")];
    private static readonly KeyValuePair<string, object?>[] SystemTags = [new("cpu.mode", "system")];
    private static readonly KeyValuePair<string, object?>[] MajorTags = [new("system.paging.fault.type", "major")];
    private static readonly KeyValuePair<string, object?>[] MinorTags = [new("system.paging.fault.type", "minor")];
    private static readonly KeyValuePair<string, object?>[] VoluntaryTags = [new("process.context_switch.type", "voluntary")];
    private static readonly KeyValuePair<string, object?>[] InvoluntaryTags = [new("process.context_switch.type", "involuntary")];

    private readonly ProcBinaryFile _psinfo;
    private readonly ProcBinaryFile _usage;
    private readonly KstatMetricFamilies _families;

    private IllumosProcessModule(ProcBinaryFile psinfo, ProcBinaryFile usage, KstatMetricFamilies families)
    {
        _psinfo = psinfo;
        _usage = usage;
        _families = families;
    }

    public override string Name => "illumos-process";

    /// <summary>The process families this module publishes.</summary>
    public const KstatMetricFamilies Families =
        KstatMetricFamilies.ProcessCpu | KstatMetricFamilies.ProcessMemory | KstatMetricFamilies.ProcessContextSwitches
        | KstatMetricFamilies.ProcessPaging | KstatMetricFamilies.ProcessResources;

    /// <summary>The psinfo file under <paramref name="procfsRoot"/>: its presence tells an illumos/Solaris procfs.</summary>
    public static string PsinfoPath(string procfsRoot) => Path.Combine(procfsRoot, "self", "psinfo");

    /// <summary>The usage file under <paramref name="procfsRoot"/>.</summary>
    public static string UsagePath(string procfsRoot) => Path.Combine(procfsRoot, "self", "usage");

    /// <summary>True when <paramref name="options"/> asks for a process family and the procfs root is an illumos one.</summary>
    public static bool Applies(KstatInstrumentationOptions options) =>
        (options.Metrics & Families) != 0 && File.Exists(PsinfoPath(options.ProcfsRoot));

    /// <summary>Opens psinfo and usage; null (with an event saying why) when either cannot be opened.</summary>
    public static IllumosProcessModule? TryCreate(KstatInstrumentationOptions options)
    {
        var psinfoPath = PsinfoPath(options.ProcfsRoot);
        var usagePath = UsagePath(options.ProcfsRoot);
        var status = ProcBinaryFile.TryOpen(psinfoPath, 2 * PsinfoView.Size, out var psinfo);
        if (status != ProcfsReadStatus.Ok)
        {
            KstatOtelEventSource.Log.MetricUnavailable("process.*", $"{psinfoPath} could not be opened ({status}).");
            return null;
        }

        status = ProcBinaryFile.TryOpen(usagePath, 2 * PrusageView.Size, out var usage);
        if (status != ProcfsReadStatus.Ok)
        {
            psinfo!.Dispose();
            KstatOtelEventSource.Log.MetricUnavailable("process.*", $"{usagePath} could not be opened ({status}).");
            return null;
        }

        KstatOtelEventSource.Log.IllumosProcessSource(options.ProcfsRoot);
        return new IllumosProcessModule(psinfo!, usage!, options.Metrics);
    }

    protected override void Refresh(IllumosProcessPart part)
    {
        // Both decoded before anything is written: a malformed file leaves the part as the last good refresh wrote it.
        var psinfo = PsinfoView.Parse(_psinfo.Read());
        var usage = PrusageView.Parse(_usage.Read());

        part.UserSeconds = usage.UserTime.TotalSeconds;
        part.SystemSeconds = usage.SystemTime.TotalSeconds + usage.TrapTime.TotalSeconds;
        part.ResidentBytes = Bytes(psinfo.ResidentKilobytes);
        part.VirtualBytes = Bytes(psinfo.SizeKilobytes);
        part.Threads = psinfo.LwpCount;
        part.MinorFaults = Saturate(usage.MinorFaults);
        part.MajorFaults = Saturate(usage.MajorFaults);
        part.VoluntarySwitches = Saturate(usage.VoluntaryContextSwitches);
        part.InvoluntarySwitches = Saturate(usage.InvoluntaryContextSwitches);
        part.UptimeSeconds = Math.Max(0, (usage.TimeStamp.TotalNanoseconds - usage.Create.TotalNanoseconds) / 1e9);
    }

    protected override void CreateInstruments(PartInstruments<IllumosProcessPart> instruments)
    {
        if (Has(KstatMetricFamilies.ProcessCpu))
        {
            instruments.Counter<double>(
                "process.cpu.time",
                "s",
                "CPU time of the process: user = prusage_t pr_utime, system = pr_stime + pr_ttime (/proc/self/usage).",
                static (part, batch) =>
                {
                    batch.Add(part.UserSeconds, UserTags);
                    batch.Add(part.SystemSeconds, SystemTags);
                });
        }

        if (Has(KstatMetricFamilies.ProcessMemory))
        {
            instruments.UpDownCounter<long>(
                "process.memory.usage",
                "By",
                "Resident set size of the process (psinfo_t pr_rssize, /proc/self/psinfo).",
                static (part, batch) => batch.Add(part.ResidentBytes));
            instruments.UpDownCounter<long>(
                "process.memory.virtual",
                "By",
                "Size of the process image, its virtual memory (psinfo_t pr_size, /proc/self/psinfo).",
                static (part, batch) => batch.Add(part.VirtualBytes));
        }

        if (Has(KstatMetricFamilies.ProcessContextSwitches))
        {
            instruments.Counter<long>(
                "process.context_switches",
                "{context_switch}",
                "Context switches of the process (prusage_t pr_vctx, pr_ictx, /proc/self/usage).",
                static (part, batch) =>
                {
                    batch.Add(part.VoluntarySwitches, VoluntaryTags);
                    batch.Add(part.InvoluntarySwitches, InvoluntaryTags);
                });
        }

        if (Has(KstatMetricFamilies.ProcessPaging))
        {
            instruments.Counter<long>(
                "process.paging.faults",
                "{fault}",
                "Page faults of the process (prusage_t pr_majf, pr_minf, /proc/self/usage).",
                static (part, batch) =>
                {
                    batch.Add(part.MajorFaults, MajorTags);
                    batch.Add(part.MinorFaults, MinorTags);
                });
        }

        if (Has(KstatMetricFamilies.ProcessResources))
        {
            instruments.UpDownCounter<long>(
                "process.thread.count",
                "{thread}",
                "Threads (LWPs) of the process (psinfo_t pr_nlwp, /proc/self/psinfo).",
                static (part, batch) => batch.Add(part.Threads));
            instruments.Gauge<double>(
                "process.uptime",
                "s",
                "Time since the process started, at the last refresh (prusage_t pr_tstamp - pr_create, /proc/self/usage).",
                static (part, batch) => batch.Add(part.UptimeSeconds));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _psinfo.Dispose();
            _usage.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long Bytes(ulong kilobytes) => kilobytes > long.MaxValue / 1024 ? long.MaxValue : (long)kilobytes * 1024;

    private static long Saturate(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private bool Has(KstatMetricFamilies family) => (_families & family) != 0;
}
