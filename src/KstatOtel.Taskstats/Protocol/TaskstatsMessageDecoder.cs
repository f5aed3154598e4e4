using System.Globalization;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Taskstats.Protocol;

/// <summary>
/// Decodes TASKSTATS_CMD_NEW messages (query replies and exit records) and CGROUPSTATS_CMD_NEW replies: pure functions
/// of the bytes after nlmsghdr. A message carries one AGGR_PID or AGGR_TGID nest, or for the last thread of a group
/// an AGGR_PID followed by an AGGR_TGID; each nest holds the id and the STATS payload. Unknown attributes are skipped
/// (newer kernels may add some); anything inconsistent raises <see cref="TaskstatsProtocolException"/>.
/// </summary>
internal static class TaskstatsMessageDecoder
{
    /// <summary>
    /// Decodes a TASKSTATS_CMD_NEW payload into one or two records and returns how many there are.
    /// </summary>
    /// <param name="payload">The netlink payload: genlmsghdr then attributes.</param>
    /// <param name="isExitRecord">True for messages from an exit listener.</param>
    /// <param name="messageOffset">The message's offset in its datagram, for error messages.</param>
    /// <param name="first">The first record.</param>
    /// <param name="second">The second record (a thread group's, after its last task's), when the result is 2.</param>
    public static int DecodeTaskstats(ReadOnlySpan<byte> payload, bool isExitRecord, int messageOffset, out TaskStats first, out TaskStats second)
    {
        var header = GenlHeader.Read(payload, messageOffset, out var attributes);
        if (header.Command != TaskstatsCommands.TASKSTATS_CMD_NEW)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The taskstats message at offset {messageOffset} has command {header.Command}; replies and exit records use TASKSTATS_CMD_NEW ({TaskstatsCommands.TASKSTATS_CMD_NEW})."));
        }

        first = default;
        second = default;
        var count = 0;
        var firstVersion = 0;
        var reader = new NetlinkAttributeReader(attributes, "the taskstats message");
        while (reader.TryRead(out var attribute))
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

            if (count == 2)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The taskstats message at offset {messageOffset} carries a third AGGR_PID/AGGR_TGID nest (at attribute offset {attribute.Offset}); the kernel sends at most two."));
            }

            if (count == 0)
            {
                first = DecodeAggregate(attribute, scope, isExitRecord, fallbackVersion: 0);
                firstVersion = first.Version;
            }
            else
            {
                if (first.Scope != TaskStatsScope.Task || scope != TaskStatsScope.ThreadGroup)
                {
                    ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                        $"The taskstats message at offset {messageOffset} carries a {Name(first.Scope)} nest followed by a {Name(scope)} nest; only AGGR_PID then AGGR_TGID can share a message."));
                }

                // Kernels before 6.18 left the version of a thread group's exit record at 0; its layout is the task record's.
                second = DecodeAggregate(attribute, scope, isExitRecord, fallbackVersion: isExitRecord ? firstVersion : 0);
            }

            count++;
        }

        if (count == 0)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The taskstats message at offset {messageOffset} carries no AGGR_PID or AGGR_TGID nest ({attributes.Length} bytes of attributes)."));
        }

        return count;
    }

    /// <summary>Decodes a CGROUPSTATS_CMD_NEW payload.</summary>
    public static CgroupStats DecodeCgroupStats(ReadOnlySpan<byte> payload, int messageOffset)
    {
        var header = GenlHeader.Read(payload, messageOffset, out var attributes);
        if (header.Command != TaskstatsCommands.CGROUPSTATS_CMD_NEW)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The cgroupstats reply at offset {messageOffset} has command {header.Command}, not CGROUPSTATS_CMD_NEW ({TaskstatsCommands.CGROUPSTATS_CMD_NEW})."));
        }

        var reader = new NetlinkAttributeReader(attributes, "the cgroupstats reply");
        while (reader.TryRead(out var attribute))
        {
            if (attribute.Type != TaskstatsCommands.CGROUPSTATS_TYPE_CGROUP_STATS)
            {
                continue;
            }

            const int size = 5 * sizeof(ulong);
            var stats = attribute.Payload;
            if (stats.Length < size)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"CGROUPSTATS_TYPE_CGROUP_STATS at attribute offset {attribute.Offset} holds {stats.Length} bytes; struct cgroupstats has {size}."));
            }

            var values = MemoryMarshal.Cast<byte, ulong>(stats[..size]);
            return new CgroupStats(values[0], values[1], values[2], values[3], values[4]);
        }

        ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
            $"The cgroupstats reply at offset {messageOffset} carries no CGROUPSTATS_TYPE_CGROUP_STATS attribute."));
        return default;
    }

    private static TaskStats DecodeAggregate(NetlinkAttribute aggregate, TaskStatsScope scope, bool isExitRecord, int fallbackVersion)
    {
        var nestName = scope == TaskStatsScope.Task ? "AGGR_PID" : "AGGR_TGID";
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

        return DecodeStats(stats, scope, (int)id, isExitRecord, fallbackVersion, nestName);
    }

    private static TaskStats DecodeStats(ReadOnlySpan<byte> stats, TaskStatsScope scope, int id, bool isExitRecord, int fallbackVersion, string nestName)
    {
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

            version = fallbackVersion;
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

        return new TaskStats(stats, version, scope, id, isExitRecord);
    }

    private static string Name(TaskStatsScope scope) => scope == TaskStatsScope.Task ? "AGGR_PID" : "AGGR_TGID";
}
