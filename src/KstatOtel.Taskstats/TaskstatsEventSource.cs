using System.Diagnostics.Tracing;

namespace KstatOtel.Taskstats;

/// <summary>Diagnostics of this package, as EventSource "KstatOtel-Taskstats" (dotnet-trace, dotnet-counters, EventListener).</summary>
[EventSource(Name = "KstatOtel-Taskstats")]
internal sealed class TaskstatsEventSource : EventSource
{
    public static readonly TaskstatsEventSource Log = new();

    private TaskstatsEventSource()
    {
    }

    /// <summary>The kernel dropped exit records for a listener (ENOBUFS) or one did not fit its buffer.</summary>
    [Event(1, Level = EventLevel.Warning, Message = "Exit records were lost on the listener for CPUs {0}: {1} lost so far. Raise the receive buffer or read faster.")]
    public void ExitRecordsLost(string cpuMask, long lostSoFar)
    {
        if (IsEnabled())
        {
            WriteEvent(1, cpuMask, lostSoFar);
        }
    }

    /// <summary>A datagram that another socket (not the kernel) sent to one of ours was dropped.</summary>
    [Event(2, Level = EventLevel.Warning, Message = "A netlink datagram from port {2}, not from the kernel, reached the {0} socket (port {1}) and was dropped: {3} dropped so far. Another local process holding CAP_NET_ADMIN is sending to this socket.")]
    public void ForeignDatagramDropped(string socket, uint portId, uint senderPortId, long droppedSoFar)
    {
        if (IsEnabled())
        {
            WriteEvent(2, socket, portId, senderPortId, droppedSoFar);
        }
    }
}
