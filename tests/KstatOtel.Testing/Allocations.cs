namespace KstatOtel.Testing;

/// <summary>
/// Measures what a steady-state operation allocates on the calling thread. An allocation of the operation itself shows
/// in every batch of calls; a few kilobytes counted once in a while on a thread that allocates nothing of its own have
/// been seen in the full test run (never in isolation, never under BenchmarkDotNet), so a batch is measured up to
/// <c>attempts</c> times and the smallest figure is the operation's.
/// </summary>
public static class Allocations
{
    /// <summary>The result of <see cref="Measure"/>: the smallest batch figure and every batch's, for the message.</summary>
    public readonly record struct Figures(long Smallest, IReadOnlyList<long> Batches)
    {
        public override string ToString() => $"{Smallest} bytes (batches: {string.Join(", ", Batches)})";
    }

    /// <summary>Runs <paramref name="step"/> <paramref name="iterations"/> times per batch, until a batch allocates nothing or <paramref name="attempts"/> batches ran.</summary>
    public static Figures Measure(Action step, int iterations, int attempts = 3)
    {
        ArgumentNullException.ThrowIfNull(step);
        var batches = new List<long>(attempts);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                step();
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            batches.Add(allocated);
            if (allocated == 0)
            {
                break;
            }
        }

        return new Figures(batches.Min(), batches);
    }
}
