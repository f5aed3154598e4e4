namespace KstatOtel.ProcessGroups.Exits;

/// <summary>
/// Hands exit records from the listener thread to the refresh thread: the listener appends to one buffer while the
/// refresh drains the other (the two are swapped under a lock), so neither waits for the other's work. The buffers
/// grow to <see cref="MaxRecords"/>; records beyond it before a refresh drains them are dropped and counted.
/// </summary>
internal sealed class ExitRecordQueue
{
    /// <summary>The most records held between two refreshes.</summary>
    public const int MaxRecords = 65_536;

    private const int InitialRecords = 256;

    private readonly Lock gate = new();
    private ExitRecord[] filling = new ExitRecord[InitialRecords];
    private ExitRecord[] draining = new ExitRecord[InitialRecords];
    private int count;
    private long dropped;
    private long received;

    /// <summary>Records dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Records received so far.</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Appends a record (listener thread).</summary>
    public void Add(in ExitRecord record)
    {
        lock (gate)
        {
            if (count == filling.Length)
            {
                if (filling.Length >= MaxRecords)
                {
                    Interlocked.Increment(ref dropped);
                    return;
                }

                Array.Resize(ref filling, Math.Min(filling.Length * 2, MaxRecords));
            }

            filling[count++] = record;
            Interlocked.Increment(ref received);
        }
    }

    /// <summary>
    /// Takes every record added so far (refresh thread): they are in the returned span, valid until the next call.
    /// </summary>
    public ReadOnlySpan<ExitRecord> Drain()
    {
        lock (gate)
        {
            (filling, draining) = (draining, filling);
            var taken = count;
            count = 0;
            if (filling.Length < draining.Length)
            {
                // Keep both buffers the size the traffic needed, so that the next swap does not have to grow.
                filling = new ExitRecord[draining.Length];
            }

            return new ReadOnlySpan<ExitRecord>(draining, 0, taken);
        }
    }
}
