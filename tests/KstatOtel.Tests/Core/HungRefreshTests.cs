using System.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.Snapshots;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.Core;

/// <summary>
/// A refresh that never returns (a read blocked in the kernel) must not hang the application's shutdown: Stop gives up
/// waiting after its timeout, says so, and the handles are released by the refresh thread once the read returns.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class HungRefreshTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void DisposeReturnsWhileARefreshIsBlockedAndTheHandlesAreReleasedWhenItReturns()
    {
        using var events = new EventCapture();
        var module = new BlockingModule();
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromMilliseconds(1) };
        var core = new InstrumentationCore(options, [module], $"KstatOtel.Tests.{Guid.NewGuid():N}") { StopTimeout = StopTimeout };

        module.BlockNext();
        Assert.True(module.Blocked.Wait(TimeSpan.FromSeconds(10)), "the background refresh reached the blocked read");

        // Dispose on a thread of its own, so that a Dispose that waits forever fails this test instead of hanging the run.
        var elapsed = Stopwatch.StartNew();
        var disposing = new Thread(core.Dispose) { IsBackground = true };
        disposing.Start();
        var returned = disposing.Join(StopTimeout * 10);
        elapsed.Stop();

        try
        {
            Assert.True(returned, $"Dispose returned within {StopTimeout * 10} while the refresh was blocked");
            Assert.True(elapsed.Elapsed >= StopTimeout * 0.9, $"Dispose waited for the refresh first ({elapsed.Elapsed.TotalMilliseconds:F0} ms)");
            Assert.False(module.Disposed, "the blocked module's handles are not released under its running refresh");
            Assert.False(core.Released);
            var warning = Assert.Single(events.Events, e => e.EventName == "StopDidNotWaitForRefresh" && Equals(e.Payload![0], module.Name));
            Assert.True((double)warning.Payload![1]! >= StopTimeout.TotalSeconds * 0.9, "the event says how long Stop waited");
            Assert.Equal(module.Name, warning.Payload![0]);
        }
        finally
        {
            module.Unblock();
        }

        // The read returns: the refresh thread releases the handles, once, and the stop is reported then.
        var deadline = Stopwatch.StartNew();
        while (!module.Disposed && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(5);
        }

        Assert.True(module.Disposed, "the handles were released when the blocked refresh returned");
        Assert.True(core.Released);
        Thread.Sleep(50);
        Assert.Equal(1, module.DisposeCount);
        Assert.False(module.RefreshedAfterDispose, "no refresh ran on released handles");
    }

    [Fact]
    public void ARefreshThatReturnsInTimeIsWaitedForAndReleasedByStop()
    {
        using var events = new EventCapture();
        var module = new BlockingModule();
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromMilliseconds(1) };
        var core = new InstrumentationCore(options, [module], $"KstatOtel.Tests.{Guid.NewGuid():N}") { StopTimeout = TimeSpan.FromSeconds(30) };

        module.BlockNext();
        Assert.True(module.Blocked.Wait(TimeSpan.FromSeconds(10)), "the background refresh reached the blocked read");
        var unblock = new Timer(_ => module.Unblock(), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);

        core.Dispose();
        unblock.Dispose();

        Assert.True(module.Disposed, "Dispose released the handles itself once the refresh returned");
        Assert.True(core.Released);
        Assert.Equal(1, module.DisposeCount);
        Assert.DoesNotContain(events.Events, e => e.EventName == "StopDidNotWaitForRefresh" && Equals(e.Payload![0], module.Name));
    }

    [Fact]
    public void AStopFromInsideARefreshReleasesTheHandlesOnlyOnceThatRefreshIsOver()
    {
        // An event listener that disposes the provider while a refresh is under way on the same thread: the refresh
        // lock is reentrant, so the stop must not release what the modules after the current one are about to use.
        var first = new BlockingModule();
        var second = new BlockingModule();
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromHours(1) };
        var core = new InstrumentationCore(options, [first, second], $"KstatOtel.Tests.{Guid.NewGuid():N}") { StopTimeout = StopTimeout };
        first.OnRefresh = core.Stop;

        var elapsed = Stopwatch.StartNew();
        core.RefreshNow();

        Assert.True(elapsed.Elapsed < StopTimeout, $"the stop from inside the refresh did not wait for the refresh thread ({elapsed.Elapsed.TotalMilliseconds:F0} ms)");
        Assert.False(second.RefreshedAfterDispose, "the module after the one that stopped refreshed on released handles");
        Assert.True(core.Released, "the handles were released when the refresh left the lock");
        Assert.Equal(1, first.DisposeCount);
        Assert.Equal(1, second.DisposeCount);
        core.Dispose();
        Assert.Equal(1, second.DisposeCount);
    }

    /// <summary>A module whose next refresh blocks until <see cref="Unblock"/>, as a read of a process in D state does.</summary>
    private sealed class BlockingModule : IKstatModule
    {
        private readonly ManualResetEventSlim _release = new(false);
        private volatile bool _blockNext;
        private int _disposeCount;
        private volatile bool _refreshedAfterDispose;

        public string Name { get; } = $"blocking-{Guid.NewGuid():N}";

        public ManualResetEventSlim Blocked { get; } = new(false);

        public bool Disposed => DisposeCount > 0;

        public int DisposeCount => Volatile.Read(ref _disposeCount);

        public bool RefreshedAfterDispose => _refreshedAfterDispose;

        public Action? OnRefresh { get; set; }

        public void BlockNext() => _blockNext = true;

        public void Unblock() => _release.Set();

        public ISnapshotPart CreatePart() => new ValuePart();

        public void Refresh(ISnapshotPart part)
        {
            if (Disposed)
            {
                _refreshedAfterDispose = true;
            }

            var onRefresh = OnRefresh;
            OnRefresh = null;
            onRefresh?.Invoke();

            if (_blockNext)
            {
                _blockNext = false;
                Blocked.Set();
                _release.Wait();
            }

            ((ValuePart)part).Value++;
        }

        public void CreateInstruments(InstrumentRegistrar registrar, int partIndex) =>
            new PartInstruments<ValuePart>(registrar, partIndex).Gauge<long>("kstatotel.test.refreshes", "1", "Refreshes made.", (part, batch) => batch.Add(part.Value));

        public void Dispose() => Interlocked.Increment(ref _disposeCount);
    }

    private sealed class ValuePart : SnapshotPart<ValuePart>
    {
        public long Value;

        protected override void CopyValuesFrom(ValuePart source) => Value = source.Value;
    }
}
