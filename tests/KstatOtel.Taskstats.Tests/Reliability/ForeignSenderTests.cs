using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using KstatOtel.Taskstats.Tests.Kernel;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Reliability;

/// <summary>
/// Replies are taken only from the kernel: another local process (here a second real netlink socket, which root or any
/// holder of CAP_NET_ADMIN can open) that sends forged replies or exit records straight to our port id, with our
/// sequence number and port, gets them dropped and counted, on the query socket and on the exit listener, and the
/// counts are reported through the KstatOtel-Taskstats event source.
/// </summary>
[Collection(NonParallelCollection.Name)]
public class ForeignSenderTests
{
    /// <summary>A CPU runtime no real reply carries, written into every forged record.</summary>
    private const ulong ForgedRuntime = 0x4242_4242_4242UL;

    [SkippableFact]
    public void ForgedRepliesFromAnotherSocketAreDroppedCountedAndReported()
    {
        Privileges.RequireNetAdmin();
        using var events = new TaskstatsEvents();
        using var client = TaskstatsClient.Open();
        using var foreign = new ForeignSocket();
        Assert.True(client.TrySelf(out _));
        Assert.Equal(0, client.ForeignDatagramsDropped);

        // Forged replies addressed exactly as the next replies will be: our port, the next sequence numbers, our pid.
        // They are queued ahead of the kernel's reply, so the query reads them first.
        const int forged = 5;
        for (var i = 0; i < forged; i++)
        {
            foreign.SendTo(client.PortId, ForgedRecord(client.Family.Id, sequence: (uint)(3 + i), port: client.PortId, Environment.ProcessId, threadGroup: true));
        }

        for (var i = 0; i < forged; i++)
        {
            Assert.True(client.TrySelf(out var stats));
            Assert.NotEqual(TimeSpan.FromTicks((long)(ForgedRuntime / 100)), stats.CpuRunVirtualTotal);
            Assert.True(stats.CpuRunVirtualTotal < TimeSpan.FromDays(1), $"a real runtime, not the forged one: {stats.CpuRunVirtualTotal}");
        }

        Assert.Equal(forged, client.ForeignDatagramsDropped);
        var reported = events.Named("ForeignDatagramDropped");
        Assert.Equal(ReportedAt(forged), reported.Select(e => e.Payload[3]));
        Assert.All(reported, e => Assert.Equal(["query", client.PortId.ToString(), foreign.PortId.ToString()], e.Payload.Take(3)));
    }

    [SkippableFact]
    public void ForgedExitRecordsFromAnotherSocketAreDroppedAndTheRealOnesStillArrive()
    {
        Privileges.RequireNetAdmin();
        using var events = new TaskstatsEvents();
        using var client = TaskstatsClient.Open();
        using var listener = client.OpenExitListener();
        using var foreign = new ForeignSocket();

        // Exit records look like this when the kernel sends them: the family's type, sequence 0, port 0 in the header.
        const int forged = 20;
        const int forgedPid = 999_999_937;
        for (var i = 0; i < forged; i++)
        {
            foreign.SendTo(listener.PortId, ForgedRecord(client.Family.Id, sequence: 0, port: 0, forgedPid, threadGroup: false));
        }

        using var child = Child.Start("burn-exit", "1", "9");
        Assert.Equal(9, child.WaitExit());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        TaskStats record = default;
        while (DateTime.UtcNow < deadline)
        {
            if (listener.TryReceive(out record, TimeSpan.FromSeconds(1)))
            {
                Assert.NotEqual(forgedPid, record.Id);
                Assert.NotEqual(TimeSpan.FromTicks((long)(ForgedRuntime / 100)), record.CpuRunVirtualTotal);
                if (record.Id == child.Pid && record.Scope == TaskStatsScope.Task)
                {
                    break;
                }
            }
        }

        Assert.Equal(child.Pid, record.Id);
        Assert.Equal(9, record.ExitCode);
        Assert.Equal(forged, listener.ForeignDatagramsDropped);
        var reported = events.Named("ForeignDatagramDropped");
        Assert.Equal(ReportedAt(forged), reported.Select(e => e.Payload[3]));
        Assert.All(reported, e => Assert.Equal(["exit listener", listener.PortId.ToString(), foreign.PortId.ToString()], e.Payload.Take(3)));
        Assert.Equal(0, listener.LostRecords);
    }

    /// <summary>Every datagram is counted, but reported only at the 1st, 2nd, 4th, 8th...: the counts the events carry.</summary>
    private static IEnumerable<string> ReportedAt(int dropped) =>
        Enumerable.Range(0, 31).Select(i => 1 << i).TakeWhile(n => n <= dropped).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A well-formed taskstats record (struct version 16) carrying <see cref="ForgedRuntime"/>.</summary>
    private static byte[] ForgedRecord(ushort familyId, uint sequence, uint port, int id, bool threadGroup)
    {
        var stats = StatsPayload.Build(16);
        BinaryPrimitives.WriteUInt64LittleEndian(stats.AsSpan(72), ForgedRuntime); // cpu_run_virtual_total
        BinaryPrimitives.WriteUInt32LittleEndian(stats.AsSpan(4), 0);
        var reply = Wire.TaskstatsReply(sequence, port, threadGroup, (uint)id, stats);
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(4), familyId);
        return reply;
    }

    /// <summary>Records the events of the KstatOtel-Taskstats source.</summary>
    private sealed class TaskstatsEvents : EventListener
    {
        private readonly ConcurrentQueue<(string Name, string[] Payload)> _events = new();

        public IReadOnlyList<(string Name, string[] Payload)> Named(string name) => _events.Where(e => e.Name == name).ToList();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "KstatOtel-Taskstats")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) =>
            _events.Enqueue((eventData.EventName ?? string.Empty, eventData.Payload?.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray() ?? []));
    }
}
