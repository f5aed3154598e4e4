using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Load averages and uptime from <c>unix:0:system_misc</c> (UINT32): <c>avenrun_1min</c>, <c>avenrun_5min</c>,
/// <c>avenrun_15min</c> are fixed-point with FSCALE 256 (FSHIFT 8), and <c>boot_time</c> is the boot time in seconds
/// since the epoch. In a non-global zone the kernel virtualises them: the zone's own load and boot time.
/// </summary>
internal sealed class SystemCollector : HostCollector
{
    /// <summary>FSCALE of sys/param.h: avenrun values are load times 256.</summary>
    public const double FScale = 256.0;

    private NamedKstatReader? _misc;
    private StatisticIndex _load1 = new("avenrun_1min");
    private StatisticIndex _load5 = new("avenrun_5min");
    private StatisticIndex _load15 = new("avenrun_15min");
    private StatisticIndex _bootTime = new("boot_time");
    private bool _uptimeReported;

    public SystemCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "unix:0:system_misc";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _misc = null;
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.Named && entry.Module == "unix" && entry.Instance == 0 && entry.Name == "system_misc")
            {
                _misc = Context.Readers.Get(entry);
                break;
            }
        }

        if (_misc is null)
        {
            Context.Availability.Missing("kstatotel.system.load_average.1m", "no unix:0:system_misc kstat in the chain (load averages and system.uptime).");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        var area = part.System;
        if (_misc is null || !_misc.TryRead(refresh))
        {
            area.HasLoad1 = area.HasLoad5 = area.HasLoad15 = area.HasUptime = false;
            return;
        }

        area.HasLoad1 = _load1.TryGetUInt64(_misc, out var load1);
        area.Load1 = load1 / FScale;
        area.HasLoad5 = _load5.TryGetUInt64(_misc, out var load5);
        area.Load5 = load5 / FScale;
        area.HasLoad15 = _load15.TryGetUInt64(_misc, out var load15);
        area.Load15 = load15 / FScale;
        area.HasUptime = _bootTime.TryGetUInt64(_misc, out var bootTime) && bootTime > 0;
        if (!area.HasUptime && !_uptimeReported)
        {
            _uptimeReported = true;
            Context.Availability.Missing("system.uptime", $"{_misc.Entry} has no boot_time statistic.");
        }

        area.Uptime = area.HasUptime ? Math.Max(0, Context.UnixTimeSeconds() - bootTime) : 0;
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.Gauge<double>(
            "kstatotel.system.load_average.1m",
            "{thread}",
            "Load average over 1 minute: runnable and running threads, exponentially averaged (kstat unix:0:system_misc avenrun_1min / 256).",
            static (part, batch) =>
            {
                if (part.System.HasLoad1)
                {
                    batch.Add(part.System.Load1);
                }
            });
        instruments.Gauge<double>(
            "kstatotel.system.load_average.5m",
            "{thread}",
            "Load average over 5 minutes (kstat unix:0:system_misc avenrun_5min / 256).",
            static (part, batch) =>
            {
                if (part.System.HasLoad5)
                {
                    batch.Add(part.System.Load5);
                }
            });
        instruments.Gauge<double>(
            "kstatotel.system.load_average.15m",
            "{thread}",
            "Load average over 15 minutes (kstat unix:0:system_misc avenrun_15min / 256).",
            static (part, batch) =>
            {
                if (part.System.HasLoad15)
                {
                    batch.Add(part.System.Load15);
                }
            });
        instruments.Gauge<double>(
            "system.uptime",
            "s",
            "Time since the system (in a zone: the zone) booted, at the last refresh (kstat unix:0:system_misc boot_time).",
            static (part, batch) =>
            {
                if (part.System.HasUptime)
                {
                    batch.Add(part.System.Uptime);
                }
            });
    }
}
