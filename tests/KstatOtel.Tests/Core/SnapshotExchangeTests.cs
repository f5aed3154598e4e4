using KstatOtel.Snapshots;

namespace KstatOtel.Tests.Core;

public class SnapshotExchangeTests
{
    [Fact]
    public void NothingIsReadBeforeTheFirstPublish()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        using var lease = exchange.Acquire(0);
        Assert.Null(lease.Value);
        Assert.False(exchange.HasSnapshot);
    }

    [Fact]
    public void ReadersSeeWhatWasPublishedLast()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        Publish(exchange, 1);
        Publish(exchange, 2);
        using var lease = exchange.Acquire(0);
        Assert.Equal(2, lease.Value!.A);
    }

    [Fact]
    public void InstrumentsObservedLaterInOneCollectionReadThePinnedSnapshot()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        Publish(exchange, 1);
        long first;
        using (var lease = exchange.Acquire(0))
        {
            first = lease.Value!.A;
        }

        Publish(exchange, 2);
        using (var lease = exchange.Acquire(1))
        {
            Assert.Equal(first, lease.Value!.A);
        }

        // The next collection starts again at the first instrument and sees the new snapshot.
        using (var lease = exchange.Acquire(0))
        {
            Assert.Equal(2, lease.Value!.A);
        }
    }

    [Fact]
    public void APinnedSnapshotIsNotRecycledWhileItCanStillBeRead()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        Publish(exchange, 1);
        using (exchange.Acquire(0))
        {
        }

        // Many refreshes during one collection: the pinned slot must survive them all.
        for (var i = 2; i < 40; i++)
        {
            Publish(exchange, i);
        }

        using var lease = exchange.Acquire(5);
        Assert.Equal(1, lease.Value!.A);
        Assert.Equal(2, lease.Value.B);
        Assert.True(exchange.SlotCount <= 16, $"{exchange.SlotCount} slots");
    }

    [Fact]
    public void WithoutReadersTwoSlotsAreEnough()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        for (var i = 0; i < 1000; i++)
        {
            Publish(exchange, i);
        }

        Assert.Equal(2, exchange.SlotCount);
    }

    [Fact]
    public void SlotsStayBoundedWhenEveryRefreshIsPinnedByACollection()
    {
        // A collection after every refresh pins each snapshot; pinned slots are kept for a while, so more slots are
        // made, up to the bound, and then reused.
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        for (var i = 0; i < 1000; i++)
        {
            Publish(exchange, i);
            using var lease = exchange.Acquire(0);
            Assert.Equal(i, lease.Value!.A);
        }

        Assert.InRange(exchange.SlotCount, 2, 16);
    }

    [Fact]
    public async Task ConcurrentReadersNeverSeeAHalfWrittenSnapshot()
    {
        var exchange = new SnapshotExchange<Pair>(() => new Pair());
        Publish(exchange, 0);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var torn = 0L;
        var reads = 0L;
        var writer = Task.Run(() =>
        {
            for (long i = 1; !stop.IsCancellationRequested; i++)
            {
                var slot = exchange.RentForWrite();
                slot.Value.A = i;
                Thread.SpinWait(50);
                slot.Value.B = 2 * i;
                exchange.Publish(slot);
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var order = 0;
            while (!stop.IsCancellationRequested)
            {
                using var lease = exchange.Acquire(order);
                var a = lease.Value!.A;
                Thread.SpinWait(20);
                if (lease.Value.B != 2 * a)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref reads);
                order = (order + 1) % 5;
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.True(reads > 1000, $"only {reads} reads");
        Assert.Equal(0, torn);
    }

    private static void Publish(SnapshotExchange<Pair> exchange, long value)
    {
        var slot = exchange.RentForWrite();
        slot.Value.A = value;
        slot.Value.B = 2 * value;
        exchange.Publish(slot);
    }

    private sealed class Pair
    {
        public long A;
        public long B;
    }
}
