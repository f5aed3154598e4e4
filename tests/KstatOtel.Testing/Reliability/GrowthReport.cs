using System.Globalization;
using System.Text;

namespace KstatOtel.Testing.Reliability;

/// <summary>
/// How each resource of a run of <see cref="ResourceSample"/>s moved after the warm-up: the slope per hour of a
/// least-squares line (with its standard error), and the range of the values.
/// </summary>
public sealed class GrowthReport
{
    private GrowthReport(IReadOnlyList<ResourceSample> samples, double warmupSeconds)
    {
        Samples = samples;
        Used = samples.Where(s => s.Seconds >= warmupSeconds).ToList();
        if (Used.Count < 3)
        {
            throw new ArgumentException($"{Used.Count} samples after the {warmupSeconds} s warm-up: too few to fit.", nameof(samples));
        }

        WarmupSeconds = warmupSeconds;
        Heap = Fit(s => s.HeapBytes);
        Rss = Fit(s => s.RssBytes);
        Descriptors = Fit(s => s.Descriptors);
        Threads = Fit(s => s.Threads);
    }

    public IReadOnlyList<ResourceSample> Samples { get; }

    /// <summary>The samples after the warm-up, the ones fitted.</summary>
    public IReadOnlyList<ResourceSample> Used { get; }

    public double WarmupSeconds { get; }

    /// <summary>Managed heap, bytes per hour.</summary>
    public Growth Heap { get; }

    /// <summary>Resident set size, bytes per hour.</summary>
    public Growth Rss { get; }

    /// <summary>Open descriptors, per hour.</summary>
    public Growth Descriptors { get; }

    /// <summary>Threads, per hour.</summary>
    public Growth Threads { get; }

    public static GrowthReport Of(IReadOnlyList<ResourceSample> samples, double warmupSeconds) => new(samples, warmupSeconds);

    /// <summary>Writes every figure to <see cref="Figures"/> under <paramref name="area"/>, and returns them as text.</summary>
    public string Record(string area)
    {
        var text = new StringBuilder();
        void Add(string name, double value, string unit) => text.AppendLine(Figures.Record(area, name, value, unit));
        var span = (Used[^1].Seconds - Used[0].Seconds) / 60;
        Add("fitted minutes", span, "min");
        Add("samples", Used.Count, "samples");
        Add("heap slope", Heap.SlopePerHour / 1024 / 1024, "MiB/h");
        Add("heap slope stderr", Heap.StandardErrorPerHour / 1024 / 1024, "MiB/h");
        Add("heap range", (Heap.Max - Heap.Min) / 1024 / 1024, "MiB");
        Add("heap last", Heap.Last / 1024 / 1024, "MiB");
        Add("rss slope", Rss.SlopePerHour / 1024 / 1024, "MiB/h");
        Add("rss slope stderr", Rss.StandardErrorPerHour / 1024 / 1024, "MiB/h");
        Add("rss range", (Rss.Max - Rss.Min) / 1024 / 1024, "MiB");
        Add("rss last", Rss.Last / 1024 / 1024, "MiB");
        Add("fd slope", Descriptors.SlopePerHour, "fd/h");
        Add("fd range", Descriptors.Max - Descriptors.Min, "fd");
        Add("fd last", Descriptors.Last, "fd");
        Add("thread slope", Threads.SlopePerHour, "threads/h");
        Add("thread range", Threads.Max - Threads.Min, "threads");
        Add("thread last", Threads.Last, "threads");
        return text.ToString();
    }

    /// <summary>The samples as CSV (seconds, heap, rss, fds, threads), for a plot.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder("seconds,heap_bytes,rss_bytes,fds,threads\n");
        foreach (var s in Samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.Seconds:F1},{s.HeapBytes},{s.RssBytes},{s.Descriptors},{s.Threads}\n");
        }

        return text.ToString();
    }

    private Growth Fit(Func<ResourceSample, double> value)
    {
        var x = Used.Select(s => s.Seconds / 3600).ToList();
        var y = Used.Select(value).ToList();
        var fit = LinearFit.Of(x, y);
        return new Growth(fit.Slope, fit.StandardError, y.Min(), y.Max(), y[0], y[^1]);
    }
}

/// <summary>One resource's movement: the slope per hour and its standard error, the smallest, largest, first and last values.</summary>
public readonly record struct Growth(double SlopePerHour, double StandardErrorPerHour, double Min, double Max, double First, double Last);
