using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>Runs the package's decoder over whole datagrams (one message each).</summary>
internal static class Decode
{
    public static int Taskstats(byte[] datagram, bool isExit, out TaskStats first, out TaskStats second) =>
        TaskstatsMessageDecoder.DecodeTaskstats(datagram.AsSpan(16, BitConverter.ToInt32(datagram, 0) - 16), isExit, 0, out first, out second);

    public static TaskStats Single(byte[] datagram, bool isExit = false)
    {
        var count = Taskstats(datagram, isExit, out var first, out _);
        Assert.Equal(1, count);
        return first;
    }

    /// <summary>The first (only) record of a TASKSTATS reply carrying <paramref name="stats"/>.</summary>
    public static TaskStats Payload(byte[] stats, bool threadGroup = false, uint id = 4242) =>
        Single(Wire.TaskstatsReply(1, 1, threadGroup, id, stats));
}
