using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Network links from <c>link:0:LINK</c> (class net, one per datalink, instance always 0; a zone sees its own
/// links): the 64-bit <c>rbytes64</c>, <c>obytes64</c>, <c>ipackets64</c>, <c>opackets64</c> (the 32-bit
/// <c>rbytes</c>... only where the 64-bit ones are missing, carried over their wrap), and the 32-bit
/// <c>ierrors</c>, <c>oerrors</c>, <c>norcvbuf</c>, <c>noxmtbuf</c>, carried over their wrap. A link that is
/// removed (a VNIC deleted, a zone halted) loses its kstat: its series stop.
/// </summary>
internal sealed class NetworkCollector : HostCollector
{
    public const string Interface = "network.interface.name";
    public const string Device = "system.device";
    public const string Direction = "network.io.direction";

    private readonly Dictionary<KstatEntry, Link> _byEntry = new(ReferenceEqualityComparer.Instance);
    private readonly List<Link> _links = [];

    public NetworkCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "link:0:*";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _links.Clear();
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.Named && entry.Module == "link" && entry.Instance == 0)
            {
                if (!_byEntry.TryGetValue(entry, out var link))
                {
                    link = new Link(Context.Readers.Get(entry));
                    _byEntry.Add(entry, link);
                }

                _links.Add(link);
            }
        }

        if (_byEntry.Count != _links.Count)
        {
            _byEntry.Clear();
            foreach (var link in _links)
            {
                _byEntry.Add(link.Reader.Entry, link);
            }
        }

        if (_links.Count == 0)
        {
            Context.Availability.Absent("system.network.io", "link:0:*", "Oracle Solaris 10 and older releases name link kstats after the driver instead.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var link in _links)
        {
            link.Read(refresh);
        }

        var list = part.Network.Links;
        list.Clear();
        foreach (var link in _links)
        {
            if (link.Present)
            {
                link.Write(ref list.Add());
            }
        }
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.Counter<long>(
            "system.network.io",
            "By",
            "Bytes received and transmitted on each link (kstat link:0:LINK rbytes64, obytes64).",
            static (part, batch) =>
            {
                foreach (ref readonly var link in part.Network.Links.Items)
                {
                    Add(batch, in link.ReceivedBytes, link.ReceiveTags);
                    Add(batch, in link.TransmittedBytes, link.TransmitTags);
                }
            });
        instruments.Counter<long>(
            "system.network.packet.count",
            "{packet}",
            "Packets received and transmitted on each link (kstat link:0:LINK ipackets64, opackets64).",
            static (part, batch) =>
            {
                foreach (ref readonly var link in part.Network.Links.Items)
                {
                    Add(batch, in link.ReceivedPackets, link.DeviceReceiveTags);
                    Add(batch, in link.TransmittedPackets, link.DeviceTransmitTags);
                }
            });
        instruments.Counter<long>(
            "system.network.errors",
            "{error}",
            "Receive and transmit errors on each link (kstat link:0:LINK ierrors, oerrors; 32-bit, carried over their wrap).",
            static (part, batch) =>
            {
                foreach (ref readonly var link in part.Network.Links.Items)
                {
                    Add(batch, in link.ReceiveErrors, link.ReceiveTags);
                    Add(batch, in link.TransmitErrors, link.TransmitTags);
                }
            });
        instruments.Counter<long>(
            "system.network.packet.dropped",
            "{packet}",
            "Packets dropped for lack of buffers on each link (kstat link:0:LINK norcvbuf, noxmtbuf; 32-bit, carried over their wrap).",
            static (part, batch) =>
            {
                foreach (ref readonly var link in part.Network.Links.Items)
                {
                    Add(batch, in link.ReceiveDropped, link.ReceiveTags);
                    Add(batch, in link.TransmitDropped, link.TransmitTags);
                }
            });
    }

    private static void Add(MeasurementBatch<long> batch, in OptionalCount count, KeyValuePair<string, object?>[] tags)
    {
        if (count.Has)
        {
            batch.Add(count.Value, tags);
        }
    }

    /// <summary>One link kstat and the counters kept across its reads.</summary>
    private sealed class Link
    {
        public readonly NamedKstatReader Reader;
        public bool Present;

        private readonly KeyValuePair<string, object?>[] _receiveTags;
        private readonly KeyValuePair<string, object?>[] _transmitTags;
        private readonly KeyValuePair<string, object?>[] _deviceReceiveTags;
        private readonly KeyValuePair<string, object?>[] _deviceTransmitTags;
        private Counter _rbytes = new("rbytes64", "rbytes");
        private Counter _obytes = new("obytes64", "obytes");
        private Counter _ipackets = new("ipackets64", "ipackets");
        private Counter _opackets = new("opackets64", "opackets");
        private Counter _ierrors = new("ierrors", null);
        private Counter _oerrors = new("oerrors", null);
        private Counter _norcvbuf = new("norcvbuf", null);
        private Counter _noxmtbuf = new("noxmtbuf", null);

        public Link(NamedKstatReader reader)
        {
            Reader = reader;
            var name = reader.Entry.Name;
            _receiveTags = Tags.Of(Interface, name, Direction, "receive");
            _transmitTags = Tags.Of(Interface, name, Direction, "transmit");
            _deviceReceiveTags = Tags.Of(Device, name, Direction, "receive");
            _deviceTransmitTags = Tags.Of(Device, name, Direction, "transmit");
        }

        public void Read(long refresh)
        {
            Present = Reader.TryRead(refresh);
            if (Present)
            {
                _rbytes.Read(Reader);
                _obytes.Read(Reader);
                _ipackets.Read(Reader);
                _opackets.Read(Reader);
                _ierrors.Read(Reader);
                _oerrors.Read(Reader);
                _norcvbuf.Read(Reader);
                _noxmtbuf.Read(Reader);
            }
        }

        public void Write(ref LinkSeries series)
        {
            series.ReceiveTags = _receiveTags;
            series.TransmitTags = _transmitTags;
            series.DeviceReceiveTags = _deviceReceiveTags;
            series.DeviceTransmitTags = _deviceTransmitTags;
            series.ReceivedBytes = _rbytes.Current;
            series.TransmittedBytes = _obytes.Current;
            series.ReceivedPackets = _ipackets.Current;
            series.TransmittedPackets = _opackets.Current;
            series.ReceiveErrors = _ierrors.Current;
            series.TransmitErrors = _oerrors.Current;
            series.ReceiveDropped = _norcvbuf.Current;
            series.TransmitDropped = _noxmtbuf.Current;
        }

        /// <summary>A counter read from its 64-bit statistic, or from the 32-bit fallback where that one is missing.</summary>
        private struct Counter
        {
            private readonly bool _hasFallback;
            private StatisticIndex _primary;
            private StatisticIndex _fallback;
            private CumulativeCounter _value;
            private bool _now;

            public Counter(string name, string? fallback)
            {
                _primary = new StatisticIndex(name);
                _fallback = new StatisticIndex(fallback ?? name);
                _hasFallback = fallback is not null;
            }

            public readonly OptionalCount Current => new(_now, _value.AsInt64);

            public void Read(NamedKstatReader reader)
            {
                _now = _primary.TryGetUInt64(reader, out var value, out var narrow)
                    || (_hasFallback && _fallback.TryGetUInt64(reader, out value, out narrow));
                if (_now)
                {
                    _value.Observe(value, narrow);
                }
            }
        }
    }
}
