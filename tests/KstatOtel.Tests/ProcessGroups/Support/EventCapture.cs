using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using KstatOtel.Diagnostics;

namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>Collects the events of the KstatOtel EventSource written while it is alive.</summary>
internal sealed class EventCapture : EventListener
{
    private readonly ConcurrentQueue<EventWrittenEventArgs> events = new();

    public IReadOnlyList<EventWrittenEventArgs> Events => [.. events];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == KstatOtelEventSource.EventSourceName)
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData) => events.Enqueue(eventData);
}
