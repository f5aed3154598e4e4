using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// The statistics named with <c>AddKstat</c>: each spec matches NAMED kstats by module, instance and name (with
/// wildcards), and publishes its statistic from each, as a double, with the wildcard parts as attributes. A spec
/// that matches nothing, or a statistic a matched kstat lacks or holds as text, is reported once and skipped.
/// </summary>
internal sealed class CustomCollector : HostCollector
{
    private readonly Spec[] _specs;

    public CustomCollector(HostContext context)
        : base(context)
    {
        _specs = [.. context.Options.KstatStatistics.Select((s, i) => new Spec(s, i))];
    }

    public override string Name => "AddKstat statistics";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        foreach (var spec in _specs)
        {
            spec.Resolve(chain, Context);
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var spec in _specs)
        {
            spec.Read(refresh, Context);
        }

        foreach (var spec in _specs)
        {
            spec.Write(part.Custom.For(spec.Index));
        }
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        foreach (var spec in _specs)
        {
            var index = spec.Index;
            var definition = spec.Definition;
            void Fill(IllumosHostPart part, MeasurementBatch<double> batch)
            {
                foreach (ref readonly var series in part.Custom.For(index).Items)
                {
                    batch.Add(series.Value, series.Tags);
                }
            }

            switch (definition.Kind)
            {
                case KstatInstrumentKind.Counter:
                    instruments.Counter<double>(definition.InstrumentName, definition.Unit, definition.Description, Fill);
                    break;
                case KstatInstrumentKind.UpDownCounter:
                    instruments.UpDownCounter<double>(definition.InstrumentName, definition.Unit, definition.Description, Fill);
                    break;
                default:
                    instruments.Gauge<double>(definition.InstrumentName, definition.Unit, definition.Description, Fill);
                    break;
            }
        }
    }

    /// <summary>One AddKstat statistic and the kstats it matches now.</summary>
    private sealed class Spec(KstatStatisticSpec definition, int index)
    {
        private readonly Dictionary<KstatEntry, Source> _byEntry = new(ReferenceEqualityComparer.Instance);
        private readonly List<Source> _sources = [];

        public KstatStatisticSpec Definition => definition;

        public int Index => index;

        public void Resolve(IReadOnlyList<KstatEntry> chain, HostContext context)
        {
            _sources.Clear();
            foreach (var entry in chain)
            {
                if (entry.Type != KstatType.Named || !definition.Matches(entry.Module, entry.Instance, entry.Name))
                {
                    continue;
                }

                if (!_byEntry.TryGetValue(entry, out var source))
                {
                    source = new Source(context.Readers.Get(entry), definition);
                    _byEntry.Add(entry, source);
                }

                _sources.Add(source);
            }

            if (_byEntry.Count != _sources.Count)
            {
                _byEntry.Clear();
                foreach (var source in _sources)
                {
                    _byEntry.Add(source.Reader.Entry, source);
                }
            }

            if (_sources.Count == 0)
            {
                context.Availability.Absent(definition.InstrumentName, definition.Text, "Check the name with kstat -p.");
            }
        }

        public void Read(long refresh, HostContext context)
        {
            foreach (var source in _sources)
            {
                source.Read(refresh, context);
            }
        }

        public void Write(SeriesList<CustomSeries> list)
        {
            list.Clear();
            foreach (var source in _sources)
            {
                if (source.Has)
                {
                    ref var series = ref list.Add();
                    series.Tags = source.Tags;
                    series.Value = source.Value;
                }
            }
        }
    }

    /// <summary>One kstat an AddKstat statistic is read from.</summary>
    private sealed class Source
    {
        private readonly KstatStatisticSpec _definition;
        private StatisticIndex _statistic;
        private CumulativeCounter _counter;
        private bool _reported;

        public Source(NamedKstatReader reader, KstatStatisticSpec definition)
        {
            Reader = reader;
            _definition = definition;
            _statistic = new StatisticIndex(definition.Statistic);
            var entry = reader.Entry;
            var tags = new List<KeyValuePair<string, object?>>(3);
            if (definition.ModuleIsPattern)
            {
                tags.Add(new(KstatStatisticSpec.ModuleAttribute, entry.Module));
            }

            if (definition.InstanceIsWildcard)
            {
                tags.Add(new(KstatStatisticSpec.InstanceAttribute, entry.Instance));
            }

            if (definition.NameIsPattern)
            {
                tags.Add(new(KstatStatisticSpec.NameAttribute, entry.Name));
            }

            Tags = [.. tags];
        }

        public NamedKstatReader Reader { get; }

        public KeyValuePair<string, object?>[] Tags { get; }

        public bool Has { get; private set; }

        public double Value { get; private set; }

        public void Read(long refresh, HostContext context)
        {
            Has = false;
            if (!Reader.TryRead(refresh))
            {
                return;
            }

            var index = _statistic.Resolve(Reader);
            if (_definition.Kind == KstatInstrumentKind.Counter && NamedNumbers.TryGetUInt64(Reader.Values, index, out var count, out var narrow))
            {
                _counter.Observe(count, narrow);
                Value = _counter.Value;
                Has = true;
            }
            else if (NamedNumbers.TryGetDouble(Reader.Values, index, out var value, out _))
            {
                Value = value;
                Has = true;
            }
            else if (!_reported)
            {
                _reported = true;
                context.Availability.Missing(
                    $"{_definition.InstrumentName} from {Reader.Entry}",
                    index < 0
                        ? $"kstat {Reader.Entry} has no statistic '{_definition.Statistic}'."
                        : $"statistic {Reader.Entry}:{_definition.Statistic} is not a number (a CHAR or STRING statistic).");
            }
        }
    }
}
