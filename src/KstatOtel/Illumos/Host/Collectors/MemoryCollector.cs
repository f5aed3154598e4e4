using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Physical memory from <c>unix:0:system_pages</c> (class pages; ULONG statistics counted in pages, times the page
/// size): <c>physmem</c> is the limit, <c>freemem</c> the free part and the rest is used. The kstat describes the
/// whole machine, also inside a non-global zone (a zone's own figures are in <c>memory_cap</c>).
/// </summary>
internal sealed class MemoryCollector : HostCollector
{
    private static readonly KeyValuePair<string, object?>[] UsedTags = Tags.Of("system.memory.state", "used");
    private static readonly KeyValuePair<string, object?>[] FreeTags = Tags.Of("system.memory.state", "free");

    private NamedKstatReader? _pages;
    private StatisticIndex _physmem = new("physmem");
    private StatisticIndex _freemem = new("freemem");

    public MemoryCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "unix:0:system_pages";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _pages = null;
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.Named && entry.Module == "unix" && entry.Instance == 0 && entry.Name == "system_pages")
            {
                _pages = Context.Readers.Get(entry);
                break;
            }
        }

        if (_pages is null)
        {
            Context.Availability.Missing("system.memory.usage", "no unix:0:system_pages kstat in the chain.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        bool hasLimit = false, hasFree = false;
        ulong physmem = 0, freemem = 0;
        if (_pages is not null && _pages.TryRead(refresh))
        {
            hasLimit = _physmem.TryGetUInt64(_pages, out physmem);
            hasFree = _freemem.TryGetUInt64(_pages, out freemem);
        }

        var area = part.Memory;
        var pageSize = Context.PageSize;
        area.HasLimit = hasLimit;
        area.Limit = (long)physmem * pageSize;
        area.HasFree = hasFree;
        area.Free = (long)freemem * pageSize;
        area.HasUsed = hasLimit && hasFree && physmem >= freemem;
        area.Used = area.HasUsed ? (long)(physmem - freemem) * pageSize : 0;
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.UpDownCounter<long>(
            "system.memory.usage",
            "By",
            "Physical memory by state: free = freemem, used = physmem - freemem (kstat unix:0:system_pages, pages times the page size).",
            static (part, batch) =>
            {
                var area = part.Memory;
                if (area.HasUsed)
                {
                    batch.Add(area.Used, UsedTags);
                }

                if (area.HasFree)
                {
                    batch.Add(area.Free, FreeTags);
                }
            });
        instruments.UpDownCounter<long>(
            "system.memory.limit",
            "By",
            "Physical memory of the machine (kstat unix:0:system_pages physmem, pages times the page size).",
            static (part, batch) =>
            {
                if (part.Memory.HasLimit)
                {
                    batch.Add(part.Memory.Limit);
                }
            });
    }
}
