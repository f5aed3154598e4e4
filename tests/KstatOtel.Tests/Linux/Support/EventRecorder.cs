using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using KstatOtel.Diagnostics;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>Records the events of the KstatOtel-Instrumentation source while it lives.</summary>
internal sealed class EventRecorder : EventListener
{
    private readonly ConcurrentQueue<RecordedEvent> _events = new();

    public IReadOnlyList<RecordedEvent> Events => [.. _events];

    public IReadOnlyList<RecordedEvent> Named(string name) => Events.Where(e => e.Name == name).ToList();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == KstatOtelEventSource.EventSourceName)
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload?.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray() ?? [];
        _events.Enqueue(new RecordedEvent(eventData.EventName ?? string.Empty, eventData.Level, payload));
    }
}

/// <summary>One event: its name, level and payload as text.</summary>
internal sealed record RecordedEvent(string Name, EventLevel Level, IReadOnlyList<string> Payload)
{
    public string Text => string.Join(" | ", Payload);

    public override string ToString() => $"{Name}: {Text}";
}
