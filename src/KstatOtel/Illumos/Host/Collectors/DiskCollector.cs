using KstatOtel.Instruments;
using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Disks from the IO kstats of class <c>disk</c> (<c>kstat_io_t</c>: sd, cmdk, blkdev, vdc... and the per-pool
/// <c>zfs:0:POOL</c>), one series per kstat named after it (<c>sd0</c>, <c>rpool</c>); partitions (class
/// <c>partition</c>) are left out. <c>reads</c> and <c>writes</c> are 32-bit and wrap: the published counters carry
/// over the wrap. Times are nanoseconds: <c>rtime</c> is the time with at least one operation in service (busy time),
/// <c>rlentime</c> + <c>wlentime</c> the sum over operations of the time each spent in service and waiting.
/// </summary>
internal sealed class DiskCollector : HostCollector
{
    public const string Device = "system.device";
    public const string Direction = "disk.io.direction";

    private readonly Dictionary<KstatEntry, Disk> _byEntry = new(ReferenceEqualityComparer.Instance);
    private readonly List<Disk> _disks = [];

    public DiskCollector(HostContext context)
        : base(context)
    {
    }

    public override string Name => "IO kstats of class disk";

    public override void Resolve(IReadOnlyList<KstatEntry> chain)
    {
        _disks.Clear();
        foreach (var entry in chain)
        {
            if (entry.Type == KstatType.IO && entry.Class == "disk")
            {
                if (!_byEntry.TryGetValue(entry, out var disk))
                {
                    disk = new Disk(entry);
                    _byEntry.Add(entry, disk);
                }

                _disks.Add(disk);
            }
        }

        // Forget disks whose kstat left the chain: a kstat that comes back is a new one, whose counters start again.
        if (_byEntry.Count != _disks.Count)
        {
            _byEntry.Clear();
            foreach (var disk in _disks)
            {
                _byEntry.Add(disk.Entry, disk);
            }
        }

        if (_disks.Count == 0)
        {
            Context.Availability.Absent("system.disk.io", "an IO kstat of class disk", "A zone without delegated disks has none.");
        }
    }

    public override void Refresh(IllumosHostPart part, long refresh)
    {
        foreach (var disk in _disks)
        {
            disk.Read();
        }

        var list = part.Disks.Disks;
        list.Clear();
        foreach (var disk in _disks)
        {
            if (disk.Present)
            {
                disk.Write(ref list.Add());
            }
        }
    }

    public override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        instruments.Counter<long>(
            "system.disk.io",
            "By",
            "Bytes read from and written to each disk (kstat_io_t nread, nwritten of the IO kstats of class disk).",
            static (part, batch) =>
            {
                foreach (ref readonly var disk in part.Disks.Disks.Items)
                {
                    batch.Add(disk.BytesRead, disk.ReadTags);
                    batch.Add(disk.BytesWritten, disk.WriteTags);
                }
            });
        instruments.Counter<long>(
            "system.disk.operations",
            "{operation}",
            "Read and write operations of each disk (kstat_io_t reads, writes; 32-bit in the kernel, carried over their wrap).",
            static (part, batch) =>
            {
                foreach (ref readonly var disk in part.Disks.Disks.Items)
                {
                    batch.Add(disk.Reads, disk.ReadTags);
                    batch.Add(disk.Writes, disk.WriteTags);
                }
            });
        instruments.Counter<double>(
            "system.disk.io_time",
            "s",
            "Time each disk was busy, with at least one operation in service (kstat_io_t rtime).",
            static (part, batch) =>
            {
                foreach (ref readonly var disk in part.Disks.Disks.Items)
                {
                    batch.Add(disk.IoTime, disk.DeviceTags);
                }
            });
        instruments.Counter<double>(
            "system.disk.operation_time",
            "s",
            "Sum over the operations of each disk of the time each took, waiting and in service (kstat_io_t wlentime + rlentime; not split by direction).",
            static (part, batch) =>
            {
                foreach (ref readonly var disk in part.Disks.Disks.Items)
                {
                    batch.Add(disk.OperationTime, disk.DeviceTags);
                }
            });
        instruments.UpDownCounter<long>(
            "system.disk.pending_operations",
            "{operation}",
            "Operations queued or in service on each disk at the last refresh (kstat_io_t wcnt + rcnt).",
            static (part, batch) =>
            {
                foreach (ref readonly var disk in part.Disks.Disks.Items)
                {
                    batch.Add(disk.Pending, disk.DeviceTags);
                }
            });
    }

    /// <summary>One disk kstat and the counters kept across its reads.</summary>
    private sealed class Disk
    {
        public readonly KstatEntry Entry;
        public bool Present;

        private readonly KeyValuePair<string, object?>[] _deviceTags;
        private readonly KeyValuePair<string, object?>[] _readTags;
        private readonly KeyValuePair<string, object?>[] _writeTags;
        private CumulativeCounter _bytesRead;
        private CumulativeCounter _bytesWritten;
        private CumulativeCounter _reads;
        private CumulativeCounter _writes;
        private KstatIO _io;

        public Disk(KstatEntry entry)
        {
            Entry = entry;
            _deviceTags = Tags.Of(Device, entry.Name);
            _readTags = Tags.Of(Device, entry.Name, Direction, "read");
            _writeTags = Tags.Of(Device, entry.Name, Direction, "write");
        }

        public void Read()
        {
            Present = Entry.Valid && Entry.TryReadIO(out _io);
            if (Present)
            {
                _bytesRead.Observe(_io.BytesRead, narrow: false);
                _bytesWritten.Observe(_io.BytesWritten, narrow: false);
                _reads.Observe(_io.ReadOperations, narrow: true);
                _writes.Observe(_io.WriteOperations, narrow: true);
            }
        }

        public void Write(ref DiskSeries series)
        {
            series.DeviceTags = _deviceTags;
            series.ReadTags = _readTags;
            series.WriteTags = _writeTags;
            series.BytesRead = _bytesRead.AsInt64;
            series.BytesWritten = _bytesWritten.AsInt64;
            series.Reads = _reads.AsInt64;
            series.Writes = _writes.AsInt64;
            series.IoTime = _io.RunTime / 1e9;
            series.OperationTime = ((double)_io.RunLengthTime + _io.WaitLengthTime) / 1e9;
            series.Pending = (long)_io.WaitCount + _io.RunCount;
        }
    }
}
