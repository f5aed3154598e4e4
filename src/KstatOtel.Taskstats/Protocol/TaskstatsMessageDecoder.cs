using System.Globalization;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Taskstats.Protocol;

/// <summary>
/// Decodes TASKSTATS_CMD_NEW messages (query replies and exit records) and CGROUPSTATS_CMD_NEW replies: pure functions
/// of the bytes after nlmsghdr; anything inconsistent raises <see cref="TaskstatsProtocolException"/>.
/// </summary>
internal static class TaskstatsMessageDecoder
{
    /// <summary>
    /// Decodes a TASKSTATS_CMD_NEW payload into one or two records and returns how many there are (a convenience
    /// over <see cref="TaskstatsRecordReader"/>, which the hot paths use to decode in place).
    /// </summary>
    /// <param name="payload">The netlink payload: genlmsghdr then attributes.</param>
    /// <param name="isExitRecord">True for messages from an exit listener.</param>
    /// <param name="messageOffset">The message's offset in its datagram, for error messages.</param>
    /// <param name="first">The first record.</param>
    /// <param name="second">The second record (a thread group's, after its last task's), when the result is 2.</param>
    public static int DecodeTaskstats(ReadOnlySpan<byte> payload, bool isExitRecord, int messageOffset, out TaskStats first, out TaskStats second)
    {
        first = default;
        second = default;
        var reader = new TaskstatsRecordReader(payload, isExitRecord, messageOffset);
        reader.TryRead(ref first);
        if (!reader.TryRead(ref second))
        {
            return 1;
        }

        reader.EnsureEnd();
        return 2;
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
}
