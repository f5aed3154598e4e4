using System.Diagnostics.Tracing;

namespace KstatOtel.InstrumentedChild;

/// <summary>Writes every event of the KstatOtel-Instrumentation source to stdout as "event NAME\tpayload\t...".</summary>
internal sealed class EventPrinter : EventListener
{
    private readonly object _gate = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "KstatOtel-Instrumentation")
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload is { } items
            ? string.Join('\t', items.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)?.ReplaceLineEndings(" ")))
            : string.Empty;
        lock (_gate)
        {
            Console.Out.WriteLine($"event {eventData.EventName}\t{payload}");
            Console.Out.Flush();
        }
    }
}
