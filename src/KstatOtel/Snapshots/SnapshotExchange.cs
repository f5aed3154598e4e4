using System.Diagnostics;

namespace KstatOtel.Snapshots;

/// <summary>
/// Hands the current snapshot from one writer (the refresher) to any number of concurrent readers (metric callbacks)
/// without allocating in steady state and without ever letting a reader see a snapshot that is being rewritten.
/// </summary>
/// <remarks>
/// Snapshots live in recycled slots. A reader announces itself on a slot (a reader count) and then checks that the
/// slot is still what it meant to read; the writer recycles only a slot that is not current and has no reader, and
/// bumps the slot's generation first, so a late reader notices and moves on (hazard-pointer style).
/// A collection pins the current snapshot on its thread (see <see cref="Acquire"/>), so that every instrument observed
/// in that collection reads the same snapshot even if a refresh publishes a new one in between.
/// </remarks>
/// <typeparam name="T">The snapshot type; the writer fills a recycled instance completely before publishing it.</typeparam>
internal sealed class SnapshotExchange<T>
    where T : class
{
    /// <summary>How long a pin made at the start of a collection is honoured by the instruments observed after it.</summary>
    public static readonly TimeSpan PinLifetime = TimeSpan.FromSeconds(1);

    private const int MaximumSlots = 16;

    [ThreadStatic]
    private static Pin? threadPin;

    private static readonly long PinLifetimeTicks = (long)(PinLifetime.TotalSeconds * Stopwatch.Frequency);

    private readonly Func<T> factory;
    private readonly List<Slot> slots = new(MaximumSlots);
    private Slot? current;

    public SnapshotExchange(Func<T> factory)
    {
        this.factory = factory;
    }

    /// <summary>Whether a snapshot has been published yet.</summary>
    public bool HasSnapshot => Volatile.Read(ref current) is not null;

    /// <summary>The number of slots allocated so far (bounded; steady state allocates none).</summary>
    public int SlotCount
    {
        get
        {
            lock (slots)
            {
                return slots.Count;
            }
        }
    }

    /// <summary>
    /// For the writer only: the snapshot published last, or null. Safe to read from the writer's thread because only the
    /// writer recycles slots and it never recycles the current one.
    /// </summary>
    public T? CurrentForWriter => Volatile.Read(ref current)?.Value;

    /// <summary>
    /// For the single writer: a slot to fill, which no reader can see until <see cref="Publish"/>. A slot that a
    /// collection pinned less than twice <see cref="PinLifetime"/> ago is never recycled, since that collection may
    /// still be reading it: when every pooled slot is so protected (refreshes far more frequent than the pins expire,
    /// e.g. a refresh interval of a few milliseconds with collections as frequent), a fresh slot outside the pool is
    /// used, which is the only case that allocates.
    /// </summary>
    public WriteSlot RentForWrite()
    {
        var now = Stopwatch.GetTimestamp();
        var live = Volatile.Read(ref current);
        lock (slots)
        {
            foreach (var slot in slots)
            {
                if (ReferenceEquals(slot, live) || slot.Writing || Volatile.Read(ref slot.Readers) != 0
                    || now - Volatile.Read(ref slot.PinnedAt) <= 2 * PinLifetimeTicks)
                {
                    continue;
                }

                if (TryClaim(slot))
                {
                    return new WriteSlot(slot);
                }
            }

            if (slots.Count < MaximumSlots)
            {
                var created = new Slot(factory()) { Writing = true };
                slots.Add(created);
                return new WriteSlot(created);
            }
        }

        // Every pooled slot is current, being read or still pinned: use a fresh instance that is not pooled.
        return new WriteSlot(new Slot(factory()) { Writing = true });
    }

    /// <summary>For the single writer: makes a filled slot the current snapshot.</summary>
    public void Publish(WriteSlot written)
    {
        written.Slot.Writing = false;
        Volatile.Write(ref current, written.Slot);
    }

    /// <summary>
    /// For a metric callback: the snapshot to read. Instruments are observed in the order they were created, so an
    /// <paramref name="order"/> not greater than the previous one seen on this thread starts a new collection, which
    /// pins the current snapshot on the thread; the instruments observed after it in the same collection read the
    /// pinned snapshot (while it is intact and younger than <see cref="PinLifetime"/>), even if a refresh publishes a
    /// newer one meanwhile. Dispose the lease when done reading.
    /// </summary>
    public Lease Acquire(int order)
    {
        var now = Stopwatch.GetTimestamp();
        var pin = threadPin;
        if (pin is not null && ReferenceEquals(pin.Exchange, this) && order > pin.LastOrder
            && now - pin.PinnedAt <= PinLifetimeTicks && pin.Slot is { } pinned)
        {
            pin.LastOrder = order;
            Interlocked.Increment(ref pinned.Readers);
            if (Volatile.Read(ref pinned.Generation) == pin.Generation)
            {
                return new Lease(pinned, pin.Generation);
            }

            Interlocked.Decrement(ref pinned.Readers);
        }

        var lease = AcquireCurrent();
        pin ??= threadPin = new Pin();
        pin.Exchange = this;
        pin.Slot = lease.Slot;
        pin.Generation = lease.Generation;
        pin.PinnedAt = now;
        pin.LastOrder = order;
        if (lease.Slot is { } slot)
        {
            Volatile.Write(ref slot.PinnedAt, now);
        }

        return lease;
    }

    // Invalidates pins and late readers of the slot first, then makes sure no reader got in before that.
    private static bool TryClaim(Slot slot)
    {
        Interlocked.Increment(ref slot.Generation);
        if (Volatile.Read(ref slot.Readers) != 0)
        {
            return false;
        }

        slot.Writing = true;
        return true;
    }

    private Lease AcquireCurrent()
    {
        while (true)
        {
            var slot = Volatile.Read(ref current);
            if (slot is null)
            {
                return default;
            }

            Interlocked.Increment(ref slot.Readers);
            if (ReferenceEquals(Volatile.Read(ref current), slot))
            {
                return new Lease(slot, Volatile.Read(ref slot.Generation));
            }

            Interlocked.Decrement(ref slot.Readers);
        }
    }

    /// <summary>A reader's hold on one snapshot; <see cref="Value"/> is null when nothing has been published yet.</summary>
    public readonly struct Lease : IDisposable
    {
        internal Lease(Slot slot, long generation)
        {
            Slot = slot;
            Generation = generation;
        }

        public T? Value => Slot?.Value;

        internal Slot? Slot { get; }

        internal long Generation { get; }

        public void Dispose()
        {
            if (Slot is { } slot)
            {
                Interlocked.Decrement(ref slot.Readers);
            }
        }
    }

    /// <summary>A slot rented by the writer.</summary>
    public readonly struct WriteSlot
    {
        internal WriteSlot(Slot slot) => Slot = slot;

        public T Value => Slot.Value;

        internal Slot Slot { get; }
    }

    internal sealed class Slot(T value)
    {
        public readonly T Value = value;
        public int Readers;
        public long Generation;
        public long PinnedAt = long.MinValue / 2;
        public bool Writing;
    }

    private sealed class Pin
    {
        public object? Exchange;
        public Slot? Slot;
        public long Generation;
        public long PinnedAt;
        public int LastOrder;
    }
}
