using System.Globalization;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Taskstats.Protocol;

/// <summary>
/// Reads the records of one TASKSTATS_CMD_NEW message (a query reply or an exit message) straight into
/// caller-owned <see cref="TaskStats"/> storage, one AGGR_PID or AGGR_TGID nest at a time. A message holds one nest,
/// or for the last thread of a group an AGGR_PID followed by an AGGR_TGID; each nest holds the id and the STATS
/// payload. Unknown attributes are skipped (newer kernels may add some); anything inconsistent raises
/// <see cref="TaskstatsProtocolException"/>. The reader never reads outside the message.
/// </summary>
internal ref struct TaskstatsRecordReader
{
    private NetlinkAttributeReader _attributes;
    private readonly bool _isExitRecord;
    private readonly int _messageOffset;
    private readonly int _attributeBytes;
    private int _count;
    private int _firstVersion;
    private TaskStatsScope _firstScope;

    public TaskstatsRecordReader(ReadOnlySpan<byte> payload, bool isExitRecord, int messageOffset)
    {
        var header = GenlHeader.Read(payload, messageOffset, out var attributes);
        if (header.Command != TaskstatsCommands.TASKSTATS_CMD_NEW)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The taskstats message at offset {messageOffset} has command {header.Command}; replies and exit records use TASKSTATS_CMD_NEW ({TaskstatsCommands.TASKSTATS_CMD_NEW})."));
        }

        _attributes = new NetlinkAttributeReader(attributes, "the taskstats message");
        _attributeBytes = attributes.Length;
        _isExitRecord = isExitRecord;
        _messageOffset = messageOffset;
        _count = 0;
        _firstVersion = 0;
        _firstScope = TaskStatsScope.None;
    }

    /// <summary>
    /// Decodes the next record into <paramref name="target"/>; false when the message holds no more (and
    /// <paramref name="target"/> is untouched). A message without any record raises the protocol exception.
    /// </summary>
    public bool TryRead(ref TaskStats target)
    {
        while (_attributes.TryRead(out var attribute))
        {
            TaskStatsScope scope;
            switch (attribute.Type)
            {
                case TaskstatsCommands.TASKSTATS_TYPE_AGGR_PID:
                    scope = TaskStatsScope.Task;
                    break;
                case TaskstatsCommands.TASKSTATS_TYPE_AGGR_TGID:
                    scope = TaskStatsScope.ThreadGroup;
                    break;
                default:
                    continue; // TASKSTATS_TYPE_NULL padding, or an attribute of a newer kernel.
            }

            var fallbackVersion = 0;
            if (_count == 1)
            {
                if (_firstScope != TaskStatsScope.Task || scope != TaskStatsScope.ThreadGroup)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                        $"The taskstats message at offset {_messageOffset} carries a {NestName(_firstScope)} nest followed by a {NestName(scope)} nest; only AGGR_PID then AGGR_TGID can share a message."));
                }

                // Kernels before 6.18 left the version of a thread group's exit record at 0; its layout is the task record's.
                fallbackVersion = _isExitRecord ? _firstVersion : 0;
            }
            else if (_count >= 2)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats message at offset {_messageOffset} carries a third AGGR_PID/AGGR_TGID nest (at attribute offset {attribute.Offset}); the kernel sends at most two."));
            }

            DecodeAggregate(attribute, scope, fallbackVersion, ref target);
            if (_count == 0)
            {
                _firstVersion = target.Version;
                _firstScope = scope;
            }

            _count++;
            return true;
        }

        if (_count == 0)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The taskstats message at offset {_messageOffset} carries no AGGR_PID or AGGR_TGID nest ({_attributeBytes} bytes of attributes)."));
        }

        return false;
    }

    /// <summary>Checks that no further record follows, without decoding one.</summary>
    public void EnsureEnd()
    {
        while (_attributes.TryRead(out var attribute))
        {
            if (attribute.Type is TaskstatsCommands.TASKSTATS_TYPE_AGGR_PID or TaskstatsCommands.TASKSTATS_TYPE_AGGR_TGID)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats message at offset {_messageOffset} carries {(_count >= 2 ? "a third AGGR_PID/AGGR_TGID nest; the kernel sends at most two" : "more records than expected")} (attribute offset {attribute.Offset})."));
            }
        }
    }

    private readonly void DecodeAggregate(NetlinkAttribute aggregate, TaskStatsScope scope, int fallbackVersion, ref TaskStats target)
    {
        var nestName = NestName(scope);
        var idType = scope == TaskStatsScope.Task ? TaskstatsCommands.TASKSTATS_TYPE_PID : TaskstatsCommands.TASKSTATS_TYPE_TGID;
        var idName = scope == TaskStatsScope.Task ? "TASKSTATS_TYPE_PID" : "TASKSTATS_TYPE_TGID";

        long id = -1;
        ReadOnlySpan<byte> stats = default;
        var haveStats = false;
        var reader = aggregate.GetNested(nestName);
        while (reader.TryRead(out var attribute))
        {
            if (attribute.Type == idType)
            {
                if (id >= 0)
                {
                    ThrowHelper.ThrowProtocol($"{nestName} carries {idName} twice.");
                }

                var value = attribute.GetUInt32(idName);
                if (value is 0 or > int.MaxValue)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture, $"{nestName} carries {idName} {value}, which is not a valid id."));
                }

                id = value;
            }
            else if (attribute.Type == TaskstatsCommands.TASKSTATS_TYPE_STATS)
            {
                if (haveStats)
                {
                    ThrowHelper.ThrowProtocol($"{nestName} carries TASKSTATS_TYPE_STATS twice.");
                }

                stats = attribute.Payload;
                haveStats = true;
            }
            else if (attribute.Type is TaskstatsCommands.TASKSTATS_TYPE_PID or TaskstatsCommands.TASKSTATS_TYPE_TGID
                     or TaskstatsCommands.TASKSTATS_TYPE_AGGR_PID or TaskstatsCommands.TASKSTATS_TYPE_AGGR_TGID)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"{nestName} carries attribute type {attribute.Type} at offset {attribute.Offset}, which does not belong in it."));
            }
        }

        if (id < 0)
        {
            ThrowHelper.ThrowProtocol($"{nestName} carries no {idName}.");
        }

        if (!haveStats)
        {
            ThrowHelper.ThrowProtocol($"{nestName} carries no TASKSTATS_TYPE_STATS.");
        }

        var version = CheckVersion(stats, fallbackVersion, nestName, out var fellBack);
        TaskStats.Fill(ref target, stats, version, scope, (int)id, _isExitRecord, delaysOnlyThreadGroup: fellBack);
    }

    private static int CheckVersion(ReadOnlySpan<byte> stats, int fallbackVersion, string nestName, out bool fellBack)
    {
        fellBack = false;
        if (stats.Length < sizeof(ushort))
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"TASKSTATS_TYPE_STATS in {nestName} holds {stats.Length} bytes, too few for the struct version."));
        }

        int version = MemoryMarshal.Read<ushort>(stats);
        if (version == 0)
        {
            if (fallbackVersion == 0)
            {
                ThrowHelper.ThrowProtocol($"struct taskstats in {nestName} reports version 0.");
            }

            // The kernel never set the version: it accumulated only delay accounting (fill_tgid_exit) into this record.
            version = fallbackVersion;
            fellBack = true;
        }

        if (version == TaskStatsLayout.WithdrawnVersion)
        {
            ThrowHelper.ThrowProtocol(
                "struct taskstats version 15 is not supported: that layout inserted the delay max/min fields in the middle of the struct, " +
                "moving every later field, and version 16 restored the old offsets. Update the kernel to one with the fix " +
                "(\"taskstats: fix struct taskstats breaks backward compatibility since version 15\").");
        }

        if (version < TaskStatsLayout.MinimumVersion)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"struct taskstats version {version} is not supported: versions before {TaskStatsLayout.MinimumVersion} (Linux before 2.6.23) use an unaligned layout."));
        }

        return version;
    }

    private static string NestName(TaskStatsScope scope) => scope == TaskStatsScope.Task ? "AGGR_PID" : "AGGR_TGID";
}
