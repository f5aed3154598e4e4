using System.Globalization;
using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// CPU times from <c>cpu:N:sys</c> (<c>cpu_nsec_user</c>, <c>cpu_nsec_kernel</c>, <c>cpu_nsec_idle</c>,
/// <c>cpu_nsec_intr</c>: nanoseconds, UINT64; there is no <c>cpu_nsec_wait</c> on illumos), paging from
/// <c>cpu:N:vm</c> summed over the CPUs, and frequencies from <c>cpu_info:N:cpu_infoN</c>. CPU ids are the kstat
/// instances and may be sparse, so the chain is walked rather than counting 0..ncpus-1. A CPU taken offline loses its
/// <c>cpu:N:sys</c> and <c>cpu:N:vm</c> kstats (illumos cpu_offline destroys them) while <c>cpu_info</c> stays with
/// state "off-line": its own series stop, and the sums keep what it had counted, so they never go down.
/// </summary>
internal sealed class CpuCollector : HostCollector
{
    public const string LogicalNumber = "cpu.logical_number";
    public const string Mode = "cpu.mode";

    private static readonly KeyValuePair<string, object?>[] UserTags = Tags.Of(Mode, "user");
    private static readonly KeyValuePair<string, object?>[] SystemTags = Tags.Of(Mode, "system");
    private static readonly KeyValuePair<string, object?>[] IdleTags = Tags.Of(Mode, "idle");
    private static readonly KeyValuePair<string, object?>[] InterruptTags = Tags.Of(Mode, "interrupt");
    private static readonly KeyValuePair<string, object?>[] PageInTags = Tags.Of("system.paging.direction", "in");
    private static readonly KeyValuePair<string, object?>[] PageOutTags = Tags.Of("system.paging.direction", "out");
    private static readonly KeyValuePair<string, object?>[] MajorTags = Tags.Of("system.paging.fault.type", "major");
    private static readonly KeyValuePair<string, object?>[] MinorTags = Tags.Of("system.paging.fault.type", "minor");

    private readonly Dictionary<int, Cpu> _byId = [];
    private readonly List<Cpu> _cpus = [];
    private readonly bool _times;
    private readonly bool _paging;

    public CpuCollector(HostContext context)
        : base(context)
    {
        _times = context.Has(KstatMetricFamilies.HostCpu);
        _paging = context.Has(KstatMetricFamilies.HostPaging);
    }

    public override string Name => "cpu:N:sys, cpu:N:vm, cpu_info";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        foreach (var cpu in _cpus)
        {
            cpu.Sys = cpu.Vm = cpu.Info = null;
        }

        foreach (var entry in chain)
        {
            if (entry.Type != KstatType.Named || entry.Instance < 0)
            {
                continue;
            }

            if (entry.Module == "cpu" && entry.Name == "sys" && _times)
            {
                GetCpu(entry.Instance).Sys = Context.Readers.Get(entry);
            }
            else if (entry.Module == "cpu" && entry.Name == "vm" && _paging)
            {
                GetCpu(entry.Instance).Vm = Context.Readers.Get(entry);
            }
            else if (entry.Module == "cpu_info" && _times && entry.Name == "cpu_info" + entry.Instance.ToString(CultureInfo.InvariantCulture))
            {
                GetCpu(entry.Instance).Info = Context.Readers.Get(entry);
            }
        }

        if (_times && !_cpus.Exists(c => c.Sys is not null))
        {
            Context.Availability.Missing("system.cpu.time", "no cpu:N:sys kstat in the chain.");
        }

        if (_times && !_cpus.Exists(c => c.Info is not null))
        {
            Context.Availability.Missing("system.cpu.frequency", "no cpu_info:N:cpu_infoN kstat in the chain.");
        }

        if (_paging && !_cpus.Exists(c => c.Vm is not null))
        {
            Context.Availability.Missing("system.paging.operations", "no cpu:N:vm kstat in the chain.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var cpu in _cpus)
        {
            cpu.Read(refresh);
        }

        // Everything read: now write the area in one go.
        var area = part.Cpu;
        area.Cpus.Clear();
        area.Total = default;
        ulong user = 0, system = 0, idle = 0, interrupt = 0, pageIns = 0, pageOuts = 0, major = 0, minor = 0;
        bool hasPageIns = false, hasPageOuts = false, hasMajor = false, hasMinor = false;
        foreach (var cpu in _cpus)
        {
            Sum(ref cpu.User, ref user, ref area.Total.HasUser);
            Sum(ref cpu.System, ref system, ref area.Total.HasSystem);
            Sum(ref cpu.Idle, ref idle, ref area.Total.HasIdle);
            Sum(ref cpu.Interrupt, ref interrupt, ref area.Total.HasInterrupt);
            Sum(ref cpu.PageIns, ref pageIns, ref hasPageIns);
            Sum(ref cpu.PageOuts, ref pageOuts, ref hasPageOuts);
            Sum(ref cpu.MajorFaults, ref major, ref hasMajor);
            Sum(ref cpu.AsFaults, ref minor, ref hasMinor);
            Sum(ref cpu.HatFaults, ref minor, ref hasMinor);

            if (cpu.SysPresent || cpu.InfoPresent)
            {
                ref var series = ref area.Cpus.Add();
                cpu.Write(ref series);
            }
        }

        area.Total.User = Seconds(user);
        area.Total.System = Seconds(system);
        area.Total.Idle = Seconds(idle);
        area.Total.Interrupt = Seconds(interrupt);
        area.HasPageIns = hasPageIns;
        area.PageIns = Saturate(pageIns);
        area.HasPageOuts = hasPageOuts;
        area.PageOuts = Saturate(pageOuts);
        area.HasMajorFaults = hasMajor;
        area.MajorFaults = Saturate(major);
        area.HasMinorFaults = hasMinor;
        area.MinorFaults = Saturate(minor);
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        if (_times)
        {
            var perCpu = Context.Options.IncludeCpuLogicalNumber;
            instruments.Counter<double>(
                "system.cpu.time",
                "s",
                "Seconds the CPUs spent in each mode (kstat cpu:N:sys cpu_nsec_*)" + (perCpu ? ", per CPU." : ", summed over the CPUs."),
                perCpu ? ObservePerCpuTimes : ObserveTotalTimes);
            instruments.Gauge<long>(
                "system.cpu.frequency",
                "Hz",
                "Operating frequency of each CPU (kstat cpu_info current_clock_Hz, else clock_MHz).",
                static (part, batch) =>
                {
                    foreach (ref readonly var cpu in part.Cpu.Cpus.Items)
                    {
                        if (cpu.HasCurrentHz)
                        {
                            batch.Add(cpu.CurrentHz, cpu.CpuTags);
                        }
                    }
                });
            instruments.Gauge<long>(
                "kstatotel.system.cpu.frequency.max",
                "Hz",
                "Highest frequency each CPU supports (kstat cpu_info supported_frequencies_Hz, else clock_MHz).",
                static (part, batch) =>
                {
                    foreach (ref readonly var cpu in part.Cpu.Cpus.Items)
                    {
                        if (cpu.HasMaxHz)
                        {
                            batch.Add(cpu.MaxHz, cpu.CpuTags);
                        }
                    }
                });
        }

        if (_paging)
        {
            instruments.Counter<long>(
                "system.paging.operations",
                "{operation}",
                "Page-in and page-out operations, summed over the CPUs (kstat cpu:N:vm pgin, pgout).",
                static (part, batch) =>
                {
                    var area = part.Cpu;
                    if (area.HasPageIns)
                    {
                        batch.Add(area.PageIns, PageInTags);
                    }

                    if (area.HasPageOuts)
                    {
                        batch.Add(area.PageOuts, PageOutTags);
                    }
                });
            instruments.Counter<long>(
                "system.paging.faults",
                "{fault}",
                "Page faults, summed over the CPUs: major = maj_fault, minor = as_fault + hat_fault (vmstat's mf, which includes the major faults) (kstat cpu:N:vm).",
                static (part, batch) =>
                {
                    var area = part.Cpu;
                    if (area.HasMajorFaults)
                    {
                        batch.Add(area.MajorFaults, MajorTags);
                    }

                    if (area.HasMinorFaults)
                    {
                        batch.Add(area.MinorFaults, MinorTags);
                    }
                });
        }
    }

    private static void ObserveTotalTimes(IllumosHostPart part, MeasurementBatch<double> batch)
    {
        ref readonly var total = ref part.Cpu.Total;
        AddTimes(in total, batch, UserTags, SystemTags, IdleTags, InterruptTags);
    }

    private static void ObservePerCpuTimes(IllumosHostPart part, MeasurementBatch<double> batch)
    {
        foreach (ref readonly var cpu in part.Cpu.Cpus.Items)
        {
            AddTimes(in cpu.Times, batch, cpu.UserTags, cpu.SystemTags, cpu.IdleTags, cpu.InterruptTags);
        }
    }

    private static void AddTimes(
        in ModeTimes times,
        MeasurementBatch<double> batch,
        KeyValuePair<string, object?>[] user,
        KeyValuePair<string, object?>[] system,
        KeyValuePair<string, object?>[] idle,
        KeyValuePair<string, object?>[] interrupt)
    {
        if (times.HasUser)
        {
            batch.Add(times.User, user);
        }

        if (times.HasSystem)
        {
            batch.Add(times.System, system);
        }

        if (times.HasIdle)
        {
            batch.Add(times.Idle, idle);
        }

        if (times.HasInterrupt)
        {
            batch.Add(times.Interrupt, interrupt);
        }
    }

    private static void Sum(ref CumulativeCounter counter, ref ulong sum, ref bool has)
    {
        if (counter.HasValue)
        {
            sum += counter.Value;
            has = true;
        }
    }

    private static double Seconds(ulong nanoseconds) => nanoseconds / 1e9;

    private static long Saturate(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private Cpu GetCpu(int id)
    {
        if (!_byId.TryGetValue(id, out var cpu))
        {
            cpu = new Cpu(id);
            _byId.Add(id, cpu);
            _cpus.Add(cpu);
            _cpus.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        }

        return cpu;
    }

    /// <summary>
    /// What is known of one CPU id. Kept after the CPU leaves the chain: its counters still count in the sums, and
    /// continue if it comes back (illumos keeps a CPU's statistics in its cpu_t across offline/online).
    /// </summary>
    private sealed class Cpu
    {
        public readonly int Id;
        public NamedKstatReader? Sys;
        public NamedKstatReader? Vm;
        public NamedKstatReader? Info;
        public bool SysPresent;
        public bool InfoPresent;

        public CumulativeCounter User;
        public CumulativeCounter System;
        public CumulativeCounter Idle;
        public CumulativeCounter Interrupt;
        public CumulativeCounter PageIns;
        public CumulativeCounter PageOuts;
        public CumulativeCounter MajorFaults;
        public CumulativeCounter AsFaults;
        public CumulativeCounter HatFaults;

        private readonly KeyValuePair<string, object?>[] _userTags;
        private readonly KeyValuePair<string, object?>[] _systemTags;
        private readonly KeyValuePair<string, object?>[] _idleTags;
        private readonly KeyValuePair<string, object?>[] _interruptTags;
        private readonly KeyValuePair<string, object?>[] _cpuTags;

        private StatisticIndex _nsecUser = new("cpu_nsec_user");
        private StatisticIndex _nsecKernel = new("cpu_nsec_kernel");
        private StatisticIndex _nsecIdle = new("cpu_nsec_idle");
        private StatisticIndex _nsecIntr = new("cpu_nsec_intr");
        private StatisticIndex _pgin = new("pgin");
        private StatisticIndex _pgout = new("pgout");
        private StatisticIndex _majFault = new("maj_fault");
        private StatisticIndex _asFault = new("as_fault");
        private StatisticIndex _hatFault = new("hat_fault");
        private StatisticIndex _currentClockHz = new("current_clock_Hz");
        private StatisticIndex _clockMHz = new("clock_MHz");
        private StatisticIndex _supported = new("supported_frequencies_Hz");
        private StatisticIndex _state = new("state");

        private bool _userNow;
        private bool _systemNow;
        private bool _idleNow;
        private bool _interruptNow;
        private bool _hasCurrentHz;
        private long _currentHz;
        private bool _hasMaxHz;
        private long _maxHz;
        private string? _supportedText;
        private long _supportedMax;

        public Cpu(int id)
        {
            Id = id;
            _userTags = Tags.Of(Mode, "user", LogicalNumber, id);
            _systemTags = Tags.Of(Mode, "system", LogicalNumber, id);
            _idleTags = Tags.Of(Mode, "idle", LogicalNumber, id);
            _interruptTags = Tags.Of(Mode, "interrupt", LogicalNumber, id);
            _cpuTags = Tags.Of(LogicalNumber, id);
        }

        public void Read(long refresh)
        {
            SysPresent = Sys is not null && Sys.TryRead(refresh);
            _userNow = _systemNow = _idleNow = _interruptNow = false;
            if (SysPresent)
            {
                _userNow = Observe(ref _nsecUser, Sys!, ref User);
                _systemNow = Observe(ref _nsecKernel, Sys!, ref System);
                _idleNow = Observe(ref _nsecIdle, Sys!, ref Idle);
                _interruptNow = Observe(ref _nsecIntr, Sys!, ref Interrupt);
            }

            if (Vm is not null && Vm.TryRead(refresh))
            {
                Observe(ref _pgin, Vm, ref PageIns);
                Observe(ref _pgout, Vm, ref PageOuts);
                Observe(ref _majFault, Vm, ref MajorFaults);
                Observe(ref _asFault, Vm, ref AsFaults);
                Observe(ref _hatFault, Vm, ref HatFaults);
            }

            InfoPresent = Info is not null && Info.TryRead(refresh);
            _hasCurrentHz = _hasMaxHz = false;
            if (InfoPresent && IsOperating(Info!))
            {
                ReadFrequencies(Info!);
            }
        }

        public void Write(ref CpuSeries series)
        {
            series.Id = Id;
            series.UserTags = _userTags;
            series.SystemTags = _systemTags;
            series.IdleTags = _idleTags;
            series.InterruptTags = _interruptTags;
            series.CpuTags = _cpuTags;
            series.Times.HasUser = _userNow;
            series.Times.User = User.Value / 1e9;
            series.Times.HasSystem = _systemNow;
            series.Times.System = System.Value / 1e9;
            series.Times.HasIdle = _idleNow;
            series.Times.Idle = Idle.Value / 1e9;
            series.Times.HasInterrupt = _interruptNow;
            series.Times.Interrupt = Interrupt.Value / 1e9;
            series.HasCurrentHz = _hasCurrentHz;
            series.CurrentHz = _currentHz;
            series.HasMaxHz = _hasMaxHz;
            series.MaxHz = _maxHz;
        }

        private static bool Observe(ref StatisticIndex index, NamedKstatReader reader, ref CumulativeCounter counter)
        {
            if (!index.TryGetUInt64(reader, out var value, out var narrow))
            {
                return false;
            }

            counter.Observe(value, narrow);
            return true;
        }

        // illumos p_online states: on-line and no-intr CPUs run threads; off-line, spare, faulted, powered-off do not.
        private bool IsOperating(NamedKstatReader info) =>
            !_state.TryGetText(info, out var state) || state is "on-line" or "no-intr";

        private void ReadFrequencies(NamedKstatReader info)
        {
            var hasMHz = _clockMHz.TryGetUInt64(info, out var mhz) && mhz > 0;
            if (_currentClockHz.TryGetUInt64(info, out var hz) && hz > 0)
            {
                _hasCurrentHz = true;
                _currentHz = (long)Math.Min(hz, long.MaxValue);
            }
            else if (hasMHz)
            {
                _hasCurrentHz = true;
                _currentHz = (long)mhz * 1_000_000;
            }

            if (_supported.TryGetText(info, out var supported) && supported.Length > 0)
            {
                if (!ReferenceEquals(supported, _supportedText))
                {
                    _supportedText = supported;
                    _supportedMax = MaxFrequency(supported);
                }

                if (_supportedMax > 0)
                {
                    _hasMaxHz = true;
                    _maxHz = _supportedMax;
                    return;
                }
            }
            else if (_supported.TryGetUInt64(info, out var single) && single > 0)
            {
                // A single supported frequency may come as a number (a capture served without its STRING type).
                _hasMaxHz = true;
                _maxHz = (long)Math.Min(single, long.MaxValue);
                return;
            }

            if (hasMHz)
            {
                _hasMaxHz = true;
                _maxHz = (long)mhz * 1_000_000;
            }
        }

        /// <summary>The highest of the colon-separated frequencies in Hz ("800000000:900000000:..."); 0 when none parses.</summary>
        private static long MaxFrequency(ReadOnlySpan<char> text)
        {
            long max = 0;
            foreach (var range in text.Split(':'))
            {
                if (long.TryParse(text[range].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > max)
                {
                    max = value;
                }
            }

            return max;
        }
    }
}
