using System.Buffers.Binary;
using System.Text;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>
/// Builds struct taskstats payloads of a given version from the layout facts (offsets and sizes per version, measured
/// with gcc; see the package README), filling every field with a distinct, recognisable value.
/// </summary>
internal static class StatsPayload
{
    /// <summary>sizeof(struct taskstats) per version.</summary>
    public static int SizeOf(int version) => version switch
    {
        1 => 80,
        2 => 248,
        3 => 272,
        >= 4 and <= 6 => 312,
        7 or 8 => 328,
        9 => 344,
        10 => 352,
        11 => 368,
        12 => 400,
        13 => 416,
        14 => 432,
        15 or 16 => 560,
        _ => 688,
    };

    /// <summary>The value every u64 field at <paramref name="offset"/> gets: distinct per field.</summary>
    public static ulong ValueAt(int offset) => 1_000_000UL + (ulong)offset * 3;

    /// <summary>A payload of <paramref name="version"/> with every u64 field at offset o set to <see cref="ValueAt"/>(o), and the byte/u32 fields set as listed.</summary>
    public static byte[] Build(int version, int? size = null)
    {
        var bytes = new byte[size ?? SizeOf(version)];
        var span = bytes.AsSpan();
        for (var offset = 16; offset + 8 <= bytes.Length; offset += 8)
        {
            if (offset is >= 80 and < 144)
            {
                continue; // comm, sched, uid..btime: set below
            }

            if (offset == 368)
            {
                continue; // ac_tgid (u32) + padding
            }

            BinaryPrimitives.WriteUInt64LittleEndian(span[offset..], ValueAt(offset));
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0x0700); // ac_exitcode: exit(7)
        span[8] = 0x21; // ac_flag: AFORK | AGROUP
        span[9] = unchecked((byte)(sbyte)-5); // ac_nice
        if (bytes.Length >= 112)
        {
            Encoding.ASCII.GetBytes("fixture-comm").CopyTo(span[80..]);
        }

        if (bytes.Length >= 144)
        {
            span[112] = 3; // ac_sched: SCHED_BATCH
            BinaryPrimitives.WriteUInt32LittleEndian(span[120..], 1001); // uid
            BinaryPrimitives.WriteUInt32LittleEndian(span[124..], 1002); // gid
            BinaryPrimitives.WriteUInt32LittleEndian(span[128..], 4242); // pid
            BinaryPrimitives.WriteUInt32LittleEndian(span[132..], 4241); // ppid
            BinaryPrimitives.WriteUInt32LittleEndian(span[136..], 1_700_000_000); // btime
        }

        if (bytes.Length >= 352)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[344..], 1_700_000_001); // btime64
        }

        if (bytes.Length >= 376)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[368..], 4240); // ac_tgid
        }

        if (version >= 17 && bytes.Length >= 688)
        {
            for (var kind = 0; kind < 8; kind++)
            {
                var ts = 560 + (kind * 16);
                BinaryPrimitives.WriteInt64LittleEndian(span[ts..], 1_767_225_600 + kind); // 2026-01-01T00:00:0k Z
                BinaryPrimitives.WriteInt64LittleEndian(span[(ts + 8)..], 500_000_000);
            }
        }

        return bytes;
    }
}
