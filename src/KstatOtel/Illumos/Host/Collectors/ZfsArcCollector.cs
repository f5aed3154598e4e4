using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// The ZFS adaptive replacement cache from <c>zfs:0:arcstats</c> (UINT64; the set of statistics varies with the ZFS
/// version, so each is looked up by name): <c>size</c>, the target <c>c</c>, its bounds <c>c_min</c> and
/// <c>c_max</c>, and the cumulative <c>hits</c> and <c>misses</c>. The ARC is global: a zone sees the host's.
/// </summary>
internal sealed class ZfsArcCollector : HostCollector
{
    public const string Result = "kstatotel.zfs.arc.result";

    private static readonly KeyValuePair<string, object?>[] HitTags = Tags.Of(Result, "hit");
    private static readonly KeyValuePair<string, object?>[] MissTags = Tags.Of(Result, "miss");

    private NamedKstatReader? _arc;
    private StatisticIndex _size = new("size");
    private StatisticIndex _target = new("c");
    private StatisticIndex _min = new("c_min");
    private StatisticIndex _max = new("c_max");
    private StatisticIndex _hits = new("hits");
    private StatisticIndex _misses = new("misses");
    private CumulativeCounter _hitCount;
    private CumulativeCounter _missCount;
    private NamedKstatReader? _countedFrom;

    public ZfsArcCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "zfs:0:arcstats";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _arc = null;
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.Named && entry.Module == "zfs" && entry.Instance == 0 && entry.Name == "arcstats")
            {
                _arc = Context.Readers.Get(entry);
                break;
            }
        }

        if (_arc is null)
        {
            Context.Availability.Absent("kstatotel.zfs.arc.size", "zfs:0:arcstats", "The zfs module is not loaded (no ZFS pool imported).");
        }
        else if (!ReferenceEquals(_arc, _countedFrom))
        {
            // A new arcstats kstat (the zfs module was reloaded): its counters start again.
            _countedFrom = _arc;
            _hitCount = default;
            _missCount = default;
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        var area = part.ZfsArc;
        if (_arc is null || !_arc.TryRead(refresh))
        {
            area.Size = area.TargetSize = area.MinSize = area.MaxSize = area.Hits = area.Misses = default;
            return;
        }

        area.Size = Level(ref _size);
        area.TargetSize = Level(ref _target);
        area.MinSize = Level(ref _min);
        area.MaxSize = Level(ref _max);
        area.Hits = Count(ref _hits, ref _hitCount);
        area.Misses = Count(ref _misses, ref _missCount);
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        Level(instruments, "kstatotel.zfs.arc.size", "Bytes the ARC holds now (kstat zfs:0:arcstats size).", static a => a.Size);
        Level(instruments, "kstatotel.zfs.arc.target_size", "The size the ARC is aiming for (kstat zfs:0:arcstats c).", static a => a.TargetSize);
        Level(instruments, "kstatotel.zfs.arc.min_size", "The lowest target size the ARC may shrink to (kstat zfs:0:arcstats c_min).", static a => a.MinSize);
        Level(instruments, "kstatotel.zfs.arc.max_size", "The highest target size the ARC may grow to (kstat zfs:0:arcstats c_max).", static a => a.MaxSize);
        instruments.Counter<long>(
            "kstatotel.zfs.arc.requests",
            "{request}",
            "ARC look-ups by result: found in the cache (hit) or not (miss) (kstat zfs:0:arcstats hits, misses).",
            static (part, batch) =>
            {
                var area = part.ZfsArc;
                if (area.Hits.Has)
                {
                    batch.Add(area.Hits.Value, HitTags);
                }

                if (area.Misses.Has)
                {
                    batch.Add(area.Misses.Value, MissTags);
                }
            });
    }

    private static void Level(PartInstruments<IllumosHostPart> instruments, string name, string description, Func<ZfsArcArea, OptionalCount> value) =>
        instruments.UpDownCounter<long>(name, "By", description, (part, batch) =>
        {
            var current = value(part.ZfsArc);
            if (current.Has)
            {
                batch.Add(current.Value);
            }
        });

    private OptionalCount Level(ref StatisticIndex index) =>
        index.TryGetUInt64(_arc!, out var value) ? new OptionalCount(true, (long)Math.Min(value, long.MaxValue)) : default;

    private OptionalCount Count(ref StatisticIndex index, ref CumulativeCounter counter)
    {
        if (!index.TryGetUInt64(_arc!, out var value, out var narrow))
        {
            return default;
        }

        counter.Observe(value, narrow);
        return new OptionalCount(true, counter.AsInt64);
    }
}
