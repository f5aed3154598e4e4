using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Zones, where their kstats exist (the global zone sees every zone's, a zone its own): resource caps from
/// <c>caps:ZONEID:CTL_zone_ZONEID</c> (class zone_caps: <c>usage</c> and <c>value</c>, the cap; bytes for lockedmem,
/// swapresv and physicalmem, 2^64-1 when none; a count for nprocs, INT_MAX when none) and <c>caps:ZONEID:cpucaps_zone_ZONEID</c>
/// (percent of one CPU), the memory capper's <c>memory_cap:ZONEID:ZONENAME</c> (SmartOS and illumos-joyent: rss,
/// swap, physcap, swapcap, pagedout in bytes, nover; absent on Oracle Solaris) and CPU time from
/// <c>zones:ZONEID:ZONENAME</c> (class zone_misc: nsec_user, nsec_sys, nsec_waitrq). Series carry the full zone
/// name (the <c>zonename</c> statistic; kstat names cut it at 30 characters).
/// </summary>
internal sealed class ZoneCollector : HostCollector
{
    public const string ZoneName = "kstatotel.zone.name";
    public const string Resource = "kstatotel.zone.cap.resource";
    public const string MemoryType = "kstatotel.zone.memory.type";

    /// <summary>The value of a memory or swap cap kstat when no cap is set (zone.c: UINT64_MAX).</summary>
    public const ulong NoCap = ulong.MaxValue;

    /// <summary>The value of a process-count cap kstat when no cap is set (zone.c: zone_nprocs_ctl = INT_MAX).</summary>
    public const ulong NoCountCap = int.MaxValue;

    private static readonly string[] MemoryCapResources = ["lockedmem", "swapresv", "physicalmem"];

    private readonly Dictionary<KstatEntry, ZoneKstat> _byEntry = new(ReferenceEqualityComparer.Instance);
    private readonly List<ZoneKstat> _kstats = [];

    public ZoneCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "caps, memory_cap, zones";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _kstats.Clear();
        foreach (var entry in chain)
        {
            if (entry.Type != KstatType.Named)
            {
                continue;
            }

            if (!_byEntry.TryGetValue(entry, out var kstat))
            {
                kstat = Create(entry);
                if (kstat is null)
                {
                    continue;
                }

                _byEntry.Add(entry, kstat);
            }

            _kstats.Add(kstat);
        }

        if (_byEntry.Count != _kstats.Count)
        {
            _byEntry.Clear();
            foreach (var kstat in _kstats)
            {
                _byEntry.Add(kstat.Reader.Entry, kstat);
            }
        }

        if (!_kstats.Exists(k => k is CapKstat or CpuCapKstat))
        {
            Context.Availability.Absent("kstatotel.zone.cap.memory.usage", "caps:*:*_zone_*", "No zone resource control is set.");
        }

        if (!_kstats.Exists(k => k is MemoryCapKstat))
        {
            Context.Availability.Absent("kstatotel.zone.memory.usage", "memory_cap:*:*", "The zone memory capper exists on SmartOS and illumos-joyent, not on Oracle Solaris.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var kstat in _kstats)
        {
            kstat.Read(refresh);
        }

        var area = part.Zones;
        area.Clear();
        foreach (var kstat in _kstats)
        {
            if (kstat.Present)
            {
                kstat.Write(area);
            }
        }
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.UpDownCounter<long>(
            "kstatotel.zone.cap.memory.usage",
            "By",
            "Memory a zone uses against its resource controls zone.max-locked-memory, zone.max-swap, zone.max-physical-memory (kstat caps:ZONEID:CTL_zone_ZONEID usage).",
            static (part, batch) => AddCaps(part.Zones.MemoryCaps, batch, limit: false));
        instruments.UpDownCounter<long>(
            "kstatotel.zone.cap.memory.limit",
            "By",
            "The memory caps of a zone, where set (kstat caps:ZONEID:CTL_zone_ZONEID value).",
            static (part, batch) => AddCaps(part.Zones.MemoryCaps, batch, limit: true));
        instruments.UpDownCounter<long>(
            "kstatotel.zone.cap.processes.usage",
            "{process}",
            "Processes of a zone, counted against zone.max-processes (kstat caps:ZONEID:nprocs_zone_ZONEID usage).",
            static (part, batch) => AddCaps(part.Zones.ProcessCaps, batch, limit: false));
        instruments.UpDownCounter<long>(
            "kstatotel.zone.cap.processes.limit",
            "{process}",
            "The process cap of a zone (zone.max-processes), where set (kstat caps:ZONEID:nprocs_zone_ZONEID value).",
            static (part, batch) => AddCaps(part.Zones.ProcessCaps, batch, limit: true));
        instruments.Gauge<double>(
            "kstatotel.zone.cap.cpu.usage",
            "{cpu}",
            "CPU a capped zone uses now, in CPUs (kstat caps:ZONEID:cpucaps_zone_ZONEID usage / 100).",
            static (part, batch) =>
            {
                foreach (ref readonly var cap in part.Zones.CpuCaps.Items)
                {
                    batch.Add(cap.Usage, cap.Tags);
                }
            });
        instruments.UpDownCounter<double>(
            "kstatotel.zone.cap.cpu.limit",
            "{cpu}",
            "The CPU cap of a zone (zone.cpu-cap), in CPUs (kstat caps:ZONEID:cpucaps_zone_ZONEID value / 100).",
            static (part, batch) =>
            {
                foreach (ref readonly var cap in part.Zones.CpuCaps.Items)
                {
                    batch.Add(cap.Limit, cap.Tags);
                }
            });
        instruments.Counter<long>(
            "kstatotel.zone.cap.cpu.above_time",
            "s",
            "Seconds a zone spent above its CPU cap, throttled (kstat caps:ZONEID:cpucaps_zone_ZONEID above_sec).",
            static (part, batch) =>
            {
                foreach (ref readonly var cap in part.Zones.CpuCaps.Items)
                {
                    if (cap.AboveSeconds.Has)
                    {
                        batch.Add(cap.AboveSeconds.Value, cap.Tags);
                    }
                }
            });
        instruments.UpDownCounter<long>(
            "kstatotel.zone.cap.cpu.waiting",
            "{thread}",
            "Threads of a zone waiting because of its CPU cap (kstat caps:ZONEID:cpucaps_zone_ZONEID nwait).",
            static (part, batch) =>
            {
                foreach (ref readonly var cap in part.Zones.CpuCaps.Items)
                {
                    if (cap.Waiting.Has)
                    {
                        batch.Add(cap.Waiting.Value, cap.Tags);
                    }
                }
            });
        instruments.UpDownCounter<long>(
            "kstatotel.zone.memory.usage",
            "By",
            "Resident (rss) and swap-reserved (swap) memory of a zone, as the memory capper sees it (kstat memory_cap:ZONEID:ZONENAME rss, swap).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Memory.Items)
                {
                    Add(batch, zone.Rss, zone.RssTags);
                    Add(batch, zone.Swap, zone.SwapTags);
                }
            });
        instruments.UpDownCounter<long>(
            "kstatotel.zone.memory.limit",
            "By",
            "The physical-memory (rss) and swap (swap) caps of a zone, where set (kstat memory_cap:ZONEID:ZONENAME physcap, swapcap).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Memory.Items)
                {
                    Add(batch, zone.PhysicalCap, zone.RssTags);
                    Add(batch, zone.SwapCap, zone.SwapTags);
                }
            });
        instruments.Counter<long>(
            "kstatotel.zone.memory.paged_out",
            "By",
            "Bytes the memory capper paged out of a zone to keep it under its cap (kstat memory_cap:ZONEID:ZONENAME pagedout).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Memory.Items)
                {
                    Add(batch, zone.PagedOut, zone.ZoneTags);
                }
            });
        instruments.Counter<long>(
            "kstatotel.zone.memory.cap_exceeded",
            "{event}",
            "Times a zone went over its physical-memory cap (kstat memory_cap:ZONEID:ZONENAME nover).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Memory.Items)
                {
                    Add(batch, zone.Overs, zone.ZoneTags);
                }
            });
        instruments.Counter<double>(
            "kstatotel.zone.cpu.time",
            "s",
            "CPU time of the threads of a zone by mode (kstat zones:ZONEID:ZONENAME nsec_user, nsec_sys).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Cpu.Items)
                {
                    if (zone.HasUser)
                    {
                        batch.Add(zone.User, zone.UserTags);
                    }

                    if (zone.HasSystem)
                    {
                        batch.Add(zone.System, zone.SystemTags);
                    }
                }
            });
        instruments.Counter<double>(
            "kstatotel.zone.cpu.wait_time",
            "s",
            "Time the runnable threads of a zone waited on a run queue for a CPU (kstat zones:ZONEID:ZONENAME nsec_waitrq).",
            static (part, batch) =>
            {
                foreach (ref readonly var zone in part.Zones.Cpu.Items)
                {
                    if (zone.HasWait)
                    {
                        batch.Add(zone.Wait, zone.ZoneTags);
                    }
                }
            });
    }

    private static void AddCaps(SeriesList<CapSeries> caps, MeasurementBatch<long> batch, bool limit)
    {
        foreach (ref readonly var cap in caps.Items)
        {
            Add(batch, limit ? cap.Limit : cap.Usage, cap.Tags);
        }
    }

    private static void Add(MeasurementBatch<long> batch, OptionalCount count, KeyValuePair<string, object?>[] tags)
    {
        if (count.Has)
        {
            batch.Add(count.Value, tags);
        }
    }

    private static OptionalCount Level(ref StatisticIndex index, NamedKstatReader reader, bool capSentinels = false)
    {
        if (!index.TryGetUInt64(reader, out var value) || (capSentinels && value is 0 or NoCap))
        {
            return default;
        }

        return new OptionalCount(true, (long)Math.Min(value, long.MaxValue));
    }

    private static OptionalCount Count(ref StatisticIndex index, NamedKstatReader reader, ref CumulativeCounter counter)
    {
        if (!index.TryGetUInt64(reader, out var value, out var narrow))
        {
            return default;
        }

        counter.Observe(value, narrow);
        return new OptionalCount(true, counter.AsInt64);
    }

    private ZoneKstat? Create(KstatEntry entry)
    {
        NamedKstatReader reader() => Context.Readers.Get(entry);
        switch (entry.Module)
        {
            case "caps" when entry.Class == "zone_caps":
                var zone = entry.Name.IndexOf("_zone_", StringComparison.Ordinal);
                if (zone <= 0)
                {
                    return null;
                }

                var control = entry.Name[..zone];
                if (control == "cpucaps")
                {
                    return new CpuCapKstat(reader());
                }

                if (control == "nprocs")
                {
                    return new CapKstat(reader(), control, memory: false);
                }

                return Array.IndexOf(MemoryCapResources, control) >= 0 ? new CapKstat(reader(), control, memory: true) : null;
            case "memory_cap":
                return new MemoryCapKstat(reader());
            case "zones" when entry.Class == "zone_misc":
                return new ZoneMiscKstat(reader());
            default:
                return null;
        }
    }

    /// <summary>One zone kstat: its reader and the zone name its attribute sets carry.</summary>
    private abstract class ZoneKstat
    {
        private StatisticIndex _zonename = new("zonename");
        private string? _name;

        protected ZoneKstat(NamedKstatReader reader)
        {
            Reader = reader;
        }

        public NamedKstatReader Reader { get; }

        public bool Present { get; private set; }

        public void Read(long refresh)
        {
            Present = Reader.TryRead(refresh);
            if (!Present)
            {
                return;
            }

            // The full zone name; the kstat name of memory_cap and zones is the name cut at 30 characters, and caps
            // kstats are named after the zone id. Attribute sets are rebuilt only when the name changes.
            var name = _zonename.TryGetText(Reader, out var text) && text.Length > 0 ? text : Reader.Entry.Name;
            if (!ReferenceEquals(name, _name))
            {
                _name = name;
                BuildTags(name);
            }

            ReadValues();
        }

        public abstract void Write(ZoneArea area);

        protected abstract void BuildTags(string zoneName);

        protected abstract void ReadValues();
    }

    private sealed class CapKstat(NamedKstatReader reader, string resource, bool memory) : ZoneKstat(reader)
    {
        private StatisticIndex _usage = new("usage");
        private StatisticIndex _value = new("value");
        private KeyValuePair<string, object?>[] _tags = [];
        private OptionalCount _currentUsage;
        private OptionalCount _currentLimit;

        public override void Write(ZoneArea area)
        {
            ref var series = ref (memory ? area.MemoryCaps : area.ProcessCaps).Add();
            series.Tags = _tags;
            series.Usage = _currentUsage;
            series.Limit = _currentLimit;
        }

        protected override void BuildTags(string zoneName) => _tags = Tags.Of(ZoneName, zoneName, Resource, resource);

        protected override void ReadValues()
        {
            _currentUsage = Level(ref _usage, Reader);
            _currentLimit = Level(ref _value, Reader, capSentinels: true);
            if (!memory && _currentLimit.Has && (ulong)_currentLimit.Value == NoCountCap)
            {
                _currentLimit = default;
            }
        }
    }

    private sealed class CpuCapKstat(NamedKstatReader reader) : ZoneKstat(reader)
    {
        private StatisticIndex _usage = new("usage");
        private StatisticIndex _value = new("value");
        private StatisticIndex _aboveSec = new("above_sec");
        private StatisticIndex _nwait = new("nwait");
        private CumulativeCounter _above;
        private KeyValuePair<string, object?>[] _tags = [];
        private bool _has;
        private double _cpuUsage;
        private double _cpuLimit;
        private OptionalCount _aboveSeconds;
        private OptionalCount _waiting;

        public override void Write(ZoneArea area)
        {
            if (!_has)
            {
                return;
            }

            ref var series = ref area.CpuCaps.Add();
            series.Tags = _tags;
            series.Usage = _cpuUsage;
            series.Limit = _cpuLimit;
            series.AboveSeconds = _aboveSeconds;
            series.Waiting = _waiting;
        }

        protected override void BuildTags(string zoneName) => _tags = Tags.Of(ZoneName, zoneName);

        protected override void ReadValues()
        {
            // usage and value are percent of one CPU (100 = one CPU): published in CPUs.
            _has = _usage.TryGetUInt64(Reader, out var usage) & _value.TryGetUInt64(Reader, out var value);
            _cpuUsage = usage / 100.0;
            _cpuLimit = value / 100.0;
            _aboveSeconds = Count(ref _aboveSec, Reader, ref _above);
            _waiting = Level(ref _nwait, Reader);
        }
    }

    private sealed class MemoryCapKstat(NamedKstatReader reader) : ZoneKstat(reader)
    {
        private StatisticIndex _rss = new("rss");
        private StatisticIndex _swap = new("swap");
        private StatisticIndex _physcap = new("physcap");
        private StatisticIndex _swapcap = new("swapcap");
        private StatisticIndex _pagedout = new("pagedout");
        private StatisticIndex _nover = new("nover");
        private CumulativeCounter _pagedOutCount;
        private CumulativeCounter _overCount;
        private KeyValuePair<string, object?>[] _zoneTags = [];
        private KeyValuePair<string, object?>[] _rssTags = [];
        private KeyValuePair<string, object?>[] _swapTags = [];
        private ZoneMemorySeries _values;

        public override void Write(ZoneArea area)
        {
            ref var series = ref area.Memory.Add();
            series = _values;
            series.ZoneTags = _zoneTags;
            series.RssTags = _rssTags;
            series.SwapTags = _swapTags;
        }

        protected override void BuildTags(string zoneName)
        {
            _zoneTags = Tags.Of(ZoneName, zoneName);
            _rssTags = Tags.Of(ZoneName, zoneName, MemoryType, "rss");
            _swapTags = Tags.Of(ZoneName, zoneName, MemoryType, "swap");
        }

        protected override void ReadValues()
        {
            _values.Rss = Level(ref _rss, Reader);
            _values.Swap = Level(ref _swap, Reader);
            _values.PhysicalCap = Level(ref _physcap, Reader, capSentinels: true);
            _values.SwapCap = Level(ref _swapcap, Reader, capSentinels: true);
            _values.PagedOut = Count(ref _pagedout, Reader, ref _pagedOutCount);
            _values.Overs = Count(ref _nover, Reader, ref _overCount);
        }
    }

    private sealed class ZoneMiscKstat(NamedKstatReader reader) : ZoneKstat(reader)
    {
        private StatisticIndex _nsecUser = new("nsec_user");
        private StatisticIndex _nsecSys = new("nsec_sys");
        private StatisticIndex _nsecWaitrq = new("nsec_waitrq");
        private CumulativeCounter _user;
        private CumulativeCounter _system;
        private CumulativeCounter _wait;
        private KeyValuePair<string, object?>[] _zoneTags = [];
        private KeyValuePair<string, object?>[] _userTags = [];
        private KeyValuePair<string, object?>[] _systemTags = [];
        private bool _hasUser;
        private bool _hasSystem;
        private bool _hasWait;

        public override void Write(ZoneArea area)
        {
            ref var series = ref area.Cpu.Add();
            series.ZoneTags = _zoneTags;
            series.UserTags = _userTags;
            series.SystemTags = _systemTags;
            series.HasUser = _hasUser;
            series.User = _user.Value / 1e9;
            series.HasSystem = _hasSystem;
            series.System = _system.Value / 1e9;
            series.HasWait = _hasWait;
            series.Wait = _wait.Value / 1e9;
        }

        protected override void BuildTags(string zoneName)
        {
            _zoneTags = Tags.Of(ZoneName, zoneName);
            _userTags = Tags.Of(ZoneName, zoneName, CpuCollector.Mode, "user");
            _systemTags = Tags.Of(ZoneName, zoneName, CpuCollector.Mode, "system");
        }

        protected override void ReadValues()
        {
            _hasUser = Observe(ref _nsecUser, ref _user);
            _hasSystem = Observe(ref _nsecSys, ref _system);
            _hasWait = Observe(ref _nsecWaitrq, ref _wait);
        }

        private bool Observe(ref StatisticIndex index, ref CumulativeCounter counter)
        {
            if (!index.TryGetUInt64(Reader, out var value, out var narrow))
            {
                return false;
            }

            counter.Observe(value, narrow);
            return true;
        }
    }
}
