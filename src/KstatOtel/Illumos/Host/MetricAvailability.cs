using KstatOtel.Diagnostics;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Says once, through the event source, why a metric publishes nothing: a kstat every illumos system has is missing
/// (<see cref="Missing"/>, a warning), or a set of kstats is empty for now (<see cref="Absent"/>: no NFS mount, no
/// zone cap; informational). Only the affected metric is dropped; the others keep flowing.
/// </summary>
internal sealed class MetricAvailability
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>The metrics reported so far (for tests).</summary>
    public IReadOnlyCollection<string> Reported => _reported;

    public void Missing(string metric, string reason)
    {
        if (_reported.Add(metric))
        {
            KstatOtelEventSource.Log.MetricUnavailable(metric, reason);
        }
    }

    public void Absent(string metric, string kstats, string note)
    {
        if (_reported.Add(metric))
        {
            KstatOtelEventSource.Log.KstatNotPresent(metric, kstats, note);
        }
    }
}
