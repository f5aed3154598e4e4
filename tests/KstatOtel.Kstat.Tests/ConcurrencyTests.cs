
namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Many threads through one token: libkstat is not thread-safe, so the binding serializes every call; the stand-in
/// aborts the process on any use of freed memory (KSTAT_STANDIN_MISUSE=abort), so a race would not go unnoticed.
/// </summary>
[Collection(StandinCollection.Name)]
public class ConcurrencyTests
{
    [Fact]
    public void ManyThreadsReadLookUpWalkAndUpdateThroughOneToken()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-chain-headers.txt") + "+" + Fixtures.Constructed("types.kstat"));
        using var token = session.Open();
        var expectedCount = token.GetAll().Count;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            try
            {
                var values = new KstatNamedValues();
                for (var i = 0; i < 300; i++)
                {
                    var types = token.Lookup("test", 0, "types")!;
                    if (!types.TryReadNamed(values) || values.Get("u64_max").UInt64Value != ulong.MaxValue || values.Get("string_short").StringValue != "x")
                    {
                        failures.Enqueue($"thread {t}: wrong values");
                    }

                    if (!token.Require("sd", 0, "sd0").TryReadIO(out var io) || io.BytesRead != 89_243_253_248UL)
                    {
                        failures.Enqueue($"thread {t}: wrong IO values");
                    }

                    if (i % 50 == t)
                    {
                        if (token.GetAll().Count != expectedCount || token.Update())
                        {
                            failures.Enqueue($"thread {t}: the chain changed");
                        }
                    }

                    var all = token.GetAll();
                    var any = all[(i * 7 + t) % all.Count];
                    if (any.Type == KstatType.Named && !any.TryReadNamed(values))
                    {
                        failures.Enqueue($"thread {t}: {any} could not be read");
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"thread {t}: {e}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.Equal(0, Standin.Counter("misuse"));
    }

    [Fact]
    public void DisposingWhileOtherThreadsReadNeverTouchesFreedMemory()
    {
        using var session = StandinSession.Start(Fixtures.Constructed("types.kstat"));
        var handles = Standin.Counter("handles");
        for (var round = 0; round < 5; round++)
        {
            var token = session.Open();
            var entry = token.Require("test", 0, "types");
            var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            using var started = new CountdownEvent(4);
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                var values = new KstatNamedValues();
                started.Signal();
                try
                {
                    while (true)
                    {
                        entry.TryReadNamed(values);
                        token.Lookup("sd", 0, "sd0")?.TryReadIO(out var _);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The expected end.
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            started.Wait();
            Thread.Sleep(20);
            token.Dispose();
            threads.ForEach(t => t.Join());
            Assert.Empty(failures);
            Assert.False(entry.Valid);
        }

        Assert.Equal((0L, 0L), (handles, Standin.Counter("handles")));
        Assert.Equal(0, Standin.Counter("blocks"));
        Assert.Equal(0, Standin.Counter("misuse"));
    }
}
