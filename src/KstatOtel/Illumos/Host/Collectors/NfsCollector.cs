using System.Text;
using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// NFS client mounts from the RAW <c>nfs:MINOR:mntinfo</c> kstats (one per mount, instance = the mount's minor
/// number; a zone sees its own mounts): server-not-responding events, failovers and remaps (32-bit, carried over
/// their wrap), the transfer sizes in use, and the round-trip estimates of lookups, reads and writes, converted as
/// <c>nfsstat -m</c> does. The kstat is read into a kept buffer and decoded in place (no allocation); attribute
/// texts are decoded again only when they change (a failover to another server).
/// </summary>
internal sealed class NfsCollector : HostCollector
{
    public const string Minor = "kstatotel.nfs.mount.minor";
    public const string Server = "server.address";
    public const string Version = "kstatotel.nfs.version";
    public const string Protocol = "kstatotel.nfs.protocol";
    public const string Operation = "kstatotel.nfs.operation";
    public const string Direction = "disk.io.direction";

    private static readonly string[] Operations = ["lookup", "read", "write"];

    private readonly Dictionary<KstatEntry, Mount> _byEntry = new(ReferenceEqualityComparer.Instance);
    private readonly List<Mount> _mounts = [];
    private readonly byte[] _buffer = new byte[4096];

    public NfsCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "nfs:*:mntinfo";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _mounts.Clear();
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.Raw && entry.Module == "nfs" && entry.Name == "mntinfo")
            {
                if (!_byEntry.TryGetValue(entry, out var mount))
                {
                    mount = new Mount(entry);
                    _byEntry.Add(entry, mount);
                }

                _mounts.Add(mount);
            }
        }

        if (_byEntry.Count != _mounts.Count)
        {
            _byEntry.Clear();
            foreach (var mount in _mounts)
            {
                _byEntry.Add(mount.Entry, mount);
            }
        }

        if (_mounts.Count == 0)
        {
            Context.Availability.Absent("kstatotel.nfs.mount.not_responding", "nfs:*:mntinfo", "There is no NFS client mount.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var mount in _mounts)
        {
            mount.Read(_buffer);
        }

        var list = part.Nfs.Mounts;
        list.Clear();
        foreach (var mount in _mounts)
        {
            if (mount.Present)
            {
                mount.Write(ref list.Add());
            }
        }
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.Counter<long>(
            "kstatotel.nfs.mount.not_responding",
            "{event}",
            "Times the server of each NFS mount stopped responding (kstat nfs:MINOR:mntinfo mik_noresponse).",
            static (part, batch) =>
            {
                foreach (ref readonly var mount in part.Nfs.Mounts.Items)
                {
                    batch.Add(mount.NoResponse, mount.Tags);
                }
            });
        instruments.Counter<long>(
            "kstatotel.nfs.mount.failovers",
            "{event}",
            "Failovers of each NFS mount to another server (kstat nfs:MINOR:mntinfo mik_failover).",
            static (part, batch) =>
            {
                foreach (ref readonly var mount in part.Nfs.Mounts.Items)
                {
                    batch.Add(mount.Failovers, mount.Tags);
                }
            });
        instruments.Counter<long>(
            "kstatotel.nfs.mount.remaps",
            "{event}",
            "File handles of each NFS mount remapped after a failover (kstat nfs:MINOR:mntinfo mik_remap).",
            static (part, batch) =>
            {
                foreach (ref readonly var mount in part.Nfs.Mounts.Items)
                {
                    batch.Add(mount.Remaps, mount.Tags);
                }
            });
        instruments.Gauge<long>(
            "kstatotel.nfs.mount.transfer_size",
            "By",
            "The read and write transfer sizes each NFS mount uses now (kstat nfs:MINOR:mntinfo mik_curread, mik_curwrite).",
            static (part, batch) =>
            {
                foreach (ref readonly var mount in part.Nfs.Mounts.Items)
                {
                    batch.Add(mount.ReadSize, mount.ReadTags);
                    batch.Add(mount.WriteSize, mount.WriteTags);
                }
            });
        instruments.Gauge<double>(
            "kstatotel.nfs.mount.rtt",
            "s",
            "Smoothed round-trip time of each NFS mount by operation (kstat nfs:MINOR:mntinfo mik_timers srtt x 2.5 ms, as nfsstat -m).",
            static (part, batch) => AddTimers(part, batch, static t => t.Rtt));
        instruments.Gauge<double>(
            "kstatotel.nfs.mount.rtt_deviation",
            "s",
            "Round-trip time deviation of each NFS mount by operation (kstat nfs:MINOR:mntinfo mik_timers deviate x 5 ms, as nfsstat -m).",
            static (part, batch) => AddTimers(part, batch, static t => t.Deviation));
        instruments.Gauge<double>(
            "kstatotel.nfs.mount.retransmit_timeout",
            "s",
            "Current retransmission timeout of each NFS mount by operation (kstat nfs:MINOR:mntinfo mik_timers rtxcur x 20 ms, as nfsstat -m).",
            static (part, batch) => AddTimers(part, batch, static t => t.RetransmitTimeout));
    }

    private static void AddTimers(IllumosHostPart part, MeasurementBatch<double> batch, Func<NfsTimer, double> value)
    {
        foreach (ref readonly var mount in part.Nfs.Mounts.Items)
        {
            Add(in mount.Lookup, batch, value);
            Add(in mount.Read, batch, value);
            Add(in mount.Write, batch, value);
        }
    }

    private static void Add(in NfsTimer timer, MeasurementBatch<double> batch, Func<NfsTimer, double> value)
    {
        if (timer.Has)
        {
            batch.Add(value(timer), timer.Tags);
        }
    }

    /// <summary>One NFS mount's kstat, its counters and its attribute sets.</summary>
    private sealed class Mount
    {
        public readonly KstatEntry Entry;
        public bool Present;

        private CumulativeCounter _noResponse;
        private CumulativeCounter _failovers;
        private CumulativeCounter _remaps;
        private uint _version;
        private string? _server;
        private string? _protocol;
        private long _readSize;
        private long _writeSize;
        private (uint Srtt, uint Deviate, uint RtxCur) _lookup;
        private (uint Srtt, uint Deviate, uint RtxCur) _read;
        private (uint Srtt, uint Deviate, uint RtxCur) _write;
        private KeyValuePair<string, object?>[] _tags = [];
        private KeyValuePair<string, object?>[] _readTags = [];
        private KeyValuePair<string, object?>[] _writeTags = [];
        private KeyValuePair<string, object?>[][] _operationTags = [];

        public Mount(KstatEntry entry)
        {
            Entry = entry;
        }

        public void Read(byte[] buffer)
        {
            var length = 0;
            Present = Entry.Valid && Entry.TryReadRaw(buffer, out length, out _);
            if (!Present)
            {
                return;
            }

            var info = MntInfoKstat.Parse(buffer.AsSpan(0, length));
            _noResponse.Observe(info.NoResponse, narrow: true);
            _failovers.Observe(info.Failover, narrow: true);
            _remaps.Observe(info.Remap, narrow: true);
            _readSize = info.CurrentReadSize;
            _writeSize = info.CurrentWriteSize;
            _lookup = info.Timer(0);
            _read = info.Timer(1);
            _write = info.Timer(2);

            // The attribute sets change only when the server, transport or version does.
            if (_server is null || info.Version != _version
                || !MntInfoKstat.TextEquals(info.CurrentServer, _server) || !MntInfoKstat.TextEquals(info.Protocol, _protocol))
            {
                _version = info.Version;
                _server = Encoding.UTF8.GetString(info.CurrentServer);
                _protocol = Encoding.UTF8.GetString(info.Protocol);
                BuildTags();
            }
        }

        public void Write(ref NfsMountSeries series)
        {
            series.Tags = _tags;
            series.ReadTags = _readTags;
            series.WriteTags = _writeTags;
            series.NoResponse = _noResponse.AsInt64;
            series.Failovers = _failovers.AsInt64;
            series.Remaps = _remaps.AsInt64;
            series.ReadSize = _readSize;
            series.WriteSize = _writeSize;
            series.Lookup = Timer(_lookup, _operationTags[0]);
            series.Read = Timer(_read, _operationTags[1]);
            series.Write = Timer(_write, _operationTags[2]);
        }

        // nfsstat -m prints a timer only when srtt or rtxcur is set: a zero pair means "not measured yet".
        private static NfsTimer Timer((uint Srtt, uint Deviate, uint RtxCur) timer, KeyValuePair<string, object?>[] tags) =>
            timer.Srtt == 0 && timer.RtxCur == 0
                ? default
                : new NfsTimer(true, timer.Srtt * 0.0025, timer.Deviate * 0.005, timer.RtxCur * 0.020, tags);

        private void BuildTags()
        {
            KeyValuePair<string, object?>[] Base(string? key = null, string? value = null)
            {
                var list = new List<KeyValuePair<string, object?>>
                {
                    new(Minor, Entry.Instance),
                    new(Server, _server),
                    new(Version, (int)_version),
                    new(Protocol, _protocol),
                };
                if (key is not null)
                {
                    list.Add(new(key, value));
                }

                return [.. list];
            }

            _tags = Base();
            _readTags = Base(Direction, "read");
            _writeTags = Base(Direction, "write");
            _operationTags = [Base(Operation, Operations[0]), Base(Operation, Operations[1]), Base(Operation, Operations[2])];
        }
    }
}
