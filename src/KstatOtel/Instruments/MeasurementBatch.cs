using System.Collections;
using System.Diagnostics.Metrics;

namespace KstatOtel.Instruments;

/// <summary>
/// The measurements of one observation, handed to the runtime as an enumerable that is its own enumerator and is
/// reused on the same thread, so that observing an instrument allocates nothing in steady state (an array or a list
/// would cost an enumerator per observation). The runtime enumerates it exactly once, right after the callback
/// returns, on the same thread; disposing the enumerator returns the batch for reuse.
/// </summary>
internal sealed class MeasurementBatch<T> : IEnumerable<Measurement<T>>, IEnumerator<Measurement<T>>
    where T : struct
{
    [ThreadStatic]
    private static MeasurementBatch<T>? cached;

    private Measurement<T>[] items = new Measurement<T>[8];
    private int count;
    private int position;
    private bool rented;

    private MeasurementBatch()
    {
    }

    public int Count => count;

    public Measurement<T> Current => items[position];

    object IEnumerator.Current => Current;

    /// <summary>An empty batch for the calling thread.</summary>
    public static MeasurementBatch<T> Rent()
    {
        var batch = cached;
        if (batch is null || batch.rented)
        {
            // Not returned (the runtime did not enumerate it) or first use on this thread.
            batch = new MeasurementBatch<T>();
            cached = batch;
        }

        batch.rented = true;
        batch.count = 0;
        batch.position = -1;
        return batch;
    }

    public void Add(T value) => Add(new Measurement<T>(value));

    public void Add(T value, KeyValuePair<string, object?>[] tags) => Add(TaggedMeasurement<T>.Create(value, tags));

    public IEnumerator<Measurement<T>> GetEnumerator()
    {
        position = -1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext() => ++position < count;

    public void Reset() => position = -1;

    public void Dispose()
    {
        Clear();
        rented = false;
    }

    /// <summary>Drops the measurements added so far.</summary>
    public void Clear()
    {
        Array.Clear(items, 0, count);
        count = 0;
        position = -1;
    }

    private void Add(Measurement<T> measurement)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[count++] = measurement;
    }
}
