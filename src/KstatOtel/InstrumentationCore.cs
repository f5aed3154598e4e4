using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using KstatOtel.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.Snapshots;

namespace KstatOtel;

/// <summary>
/// The running instrumentation: the meter and its instruments, the modules that read the kernel, the snapshot they
/// fill and the background thread that refreshes it. One instance is shared by every MeterProvider of the process
/// (see <see cref="KstatInstrumentation"/>).
/// </summary>
internal sealed class InstrumentationCore : IDisposable
{
    /// <summary>The name of the meter, which is also the name of the package.</summary>
    public const string MeterName = "KstatOtel";

    /// <summary>The semantic-conventions version the instrument names, units and attributes follow.</summary>
    public const string SemanticConventionsVersion = "1.39.0";

    /// <summary>The schema URL of <see cref="SemanticConventionsVersion"/>, carried by the meter.</summary>
    public const string SchemaUrl = "https://opentelemetry.io/schemas/" + SemanticConventionsVersion;

    private readonly IKstatModule[] modules;
    private readonly SnapshotExchange<KstatSnapshot> exchange;
    private readonly Meter meter;
    private readonly Thread refresher;
    // No spinning before the wait blocks: a refresh interval is never short enough for spinning to pay, and the spin's
    // sched_yield calls put the refresh thread behind every busy thread of a saturated machine (a 1 ms interval gave
    // 23 refreshes a second with nine busy threads on two cores; without the spin, 654).
    private readonly ManualResetEventSlim stopping = new(false, spinCount: 0);
    private readonly long staleAfterTicks;
    private readonly bool[] staleReported;
    private long sequence;
    private int disposed;
    private int released;
    private volatile int refreshingModule = -1;

    public InstrumentationCore(KstatInstrumentationOptions options, IReadOnlyList<IKstatModule> modules, string meterName = MeterName)
    {
        Options = options;
        this.modules = [.. modules];
        staleReported = new bool[this.modules.Length];
        staleAfterTicks = (long)(Math.Max(3 * options.RefreshInterval.TotalSeconds, 1) * Stopwatch.Frequency);
        exchange = new SnapshotExchange<KstatSnapshot>(CreateSnapshot);

        // The first collection never comes out empty: the first refresh happens before any instrument exists.
        RefreshOnce();

        meter = new Meter(new MeterOptions(meterName) { Version = Version, TelemetrySchemaUrl = SchemaUrl });
        try
        {
            var registrar = new InstrumentRegistrar(meter, exchange);
            if (options.Metrics.HasFlag(KstatMetricFamilies.SelfDiagnostics))
            {
                CreateHealthInstruments(registrar);
            }

            for (var i = 0; i < this.modules.Length; i++)
            {
                this.modules[i].CreateInstruments(registrar, i);
            }

            Instruments = registrar.Instruments;
            refresher = new Thread(RefreshLoop) { IsBackground = true, Name = "KstatOtel refresh" };
            refresher.Start();
        }
        catch
        {
            // An instrument that could not be made, or a thread the runtime could not make (it needs descriptors of its
            // own: EMFILE shows as OutOfMemoryException). The caller disposes the modules; no instrument may stay
            // registered under the meter's name, or the next core would publish duplicates.
            meter.Dispose();
            throw;
        }

        KstatOtelEventSource.Log.InstrumentationStarted(meterName, Version, options.RefreshInterval.TotalMilliseconds);
    }

    /// <summary>The version of the package, carried by the meter.</summary>
    public static string Version { get; } = ReadVersion();

    public KstatInstrumentationOptions Options { get; }

    /// <summary>The instruments created, in creation order (the order in which a collection observes them).</summary>
    public IReadOnlyList<Instrument> Instruments { get; }

    /// <summary>How long <see cref="Stop"/> waits, in all, for a refresh under way (10 s; shorter in tests).</summary>
    internal TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Refreshes published so far.</summary>
    public long RefreshCount => Interlocked.Read(ref sequence);

    /// <summary>The exchange the instruments read from (for tests).</summary>
    internal SnapshotExchange<KstatSnapshot> Exchange => exchange;

    /// <summary>Refreshes now, on the caller's thread, serialized with the background refresh (for tests and tools).</summary>
    public void RefreshNow()
    {
        lock (stopping)
        {
            if (Volatile.Read(ref disposed) == 0)
            {
                RefreshOnce();
            }
        }

        ReleaseIfStopped();
    }

    /// <summary>Stops the refresh thread, releases every native handle, then removes the instruments.</summary>
    public void Dispose()
    {
        Stop();
        meter.Dispose();
    }

    /// <summary>
    /// Stops the refresh thread and releases every native handle, but leaves the instruments in place: they keep
    /// publishing the last snapshot (plain managed values) until <see cref="Dispose"/>. A MeterProvider disposes its
    /// instrumentations before its readers make their final collection, so removing the instruments here would leave
    /// that final export without any KstatOtel value. A refresh under way is waited for at most 10 s in all; if it
    /// has not returned by then, Stop returns and the handles are released when it does.
    /// </summary>
    public void Stop()
    {
        // From here on, whoever leaves the refresh lock last releases the handles (ReleaseIfStopped): this call when it
        // gets the lock in time, else the refresh it waited for, once that returns.
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Set();
        if (Monitor.IsEntered(stopping))
        {
            // Called from inside a refresh on this thread (an event listener that disposes the provider): the lock is
            // reentrant, so releasing here would pull the handles from under the modules still to refresh. The release
            // happens when this refresh leaves the lock.
            return;
        }

        var waited = Stopwatch.StartNew();
        if (Thread.CurrentThread != refresher)
        {
            refresher.Join(StopTimeout);
        }

        var remaining = StopTimeout - waited.Elapsed;
        if (!TryRelease(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
        {
            // A refresh blocked in the kernel (a /proc read of a process in uninterruptible sleep, a hung file system)
            // must not hang the application's shutdown: the handles are released as soon as that refresh returns.
            var module = refreshingModule;
            KstatOtelEventSource.Log.StopDidNotWaitForRefresh(module >= 0 ? modules[module].Name : "(none)", waited.Elapsed.TotalSeconds);
        }
    }

    /// <summary>True once every module's native handles are released (for tests).</summary>
    internal bool Released => Volatile.Read(ref released) != 0;

    // Called after leaving the refresh lock. The full fences order "leave the lock, then read the stop" against Stop's
    // "write the stop (disposed), then try the lock", so that one of the two sides always sees the other.
    private void ReleaseIfStopped()
    {
        if (Interlocked.CompareExchange(ref disposed, 0, 0) != 0)
        {
            TryRelease(TimeSpan.Zero);
        }
    }

    // Releases every module's handles under the refresh lock, once; false when the lock was not free within the wait.
    private bool TryRelease(TimeSpan wait)
    {
        if (Volatile.Read(ref released) != 0)
        {
            return true;
        }

        if (!Monitor.TryEnter(stopping, wait))
        {
            return false;
        }

        try
        {
            if (Interlocked.Exchange(ref released, 1) != 0)
            {
                return true;
            }

            foreach (var module in modules)
            {
                // One module that fails to release must not keep the others' handles open, nor fail the provider's Dispose.
                try
                {
                    module.Dispose();
                }
                catch (Exception e)
                {
                    KstatOtelEventSource.Log.ModuleDisposeFailed(module.Name, e);
                }
            }
        }
        finally
        {
            Monitor.Exit(stopping);
        }

        KstatOtelEventSource.Log.InstrumentationStopped();
        return true;
    }

    private static string ReadVersion()
    {
        var informational = typeof(InstrumentationCore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? typeof(InstrumentationCore).Assembly.GetName().Version?.ToString() ?? "0.0.0";
    }

    private KstatSnapshot CreateSnapshot()
    {
        var parts = new ISnapshotPart[modules.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = modules[i].CreatePart();
        }

        return new KstatSnapshot(parts);
    }

    private void RefreshLoop()
    {
        while (!stopping.Wait(Options.RefreshInterval))
        {
            lock (stopping)
            {
                if (Volatile.Read(ref disposed) != 0)
                {
                    break;
                }

                RefreshOnce();
            }

            ReleaseIfStopped();
        }

        ReleaseIfStopped();
    }

    // Called with the refresh lock held (or from the constructor): one writer at a time.
    private void RefreshOnce()
    {
        var slot = exchange.RentForWrite();
        var target = slot.Value;
        var previous = exchange.CurrentForWriter;
        for (var i = 0; i < modules.Length; i++)
        {
            RefreshModule(i, target.Parts[i], previous?.Parts[i]);
        }

        target.Timestamp = Stopwatch.GetTimestamp();
        target.Sequence = Interlocked.Increment(ref sequence);
        exchange.Publish(slot);
    }

    private void RefreshModule(int index, ISnapshotPart part, ISnapshotPart? previous)
    {
        var module = modules[index];
        refreshingModule = index;
        try
        {
            if (previous is not null)
            {
                // Start from the last published values: what a failing refresh leaves is the last good state.
                part.CopyFrom(previous);
            }

            module.Refresh(part);
            if (part.ConsecutiveFailures > 0)
            {
                KstatOtelEventSource.Log.RefreshRecovered(module.Name, part.ConsecutiveFailures);
            }

            part.LastGoodTimestamp = Stopwatch.GetTimestamp();
            part.ConsecutiveFailures = 0;
            staleReported[index] = false;
        }
        catch (Exception e)
        {
            part.ConsecutiveFailures++;
            part.TotalFailures++;
            if (part.ConsecutiveFailures == 1)
            {
                KstatOtelEventSource.Log.RefreshFailed(module.Name, e);
            }

            var age = Stopwatch.GetTimestamp() - part.LastGoodTimestamp;
            if (!staleReported[index] && part.LastGoodTimestamp != 0 && age > staleAfterTicks)
            {
                staleReported[index] = true;
                KstatOtelEventSource.Log.SnapshotStale(module.Name, (double)age / Stopwatch.Frequency, Options.RefreshInterval.TotalSeconds);
            }
        }
        finally
        {
            refreshingModule = -1;
        }
    }

    private void CreateHealthInstruments(InstrumentRegistrar registrar)
    {
        var sourceTags = new KeyValuePair<string, object?>[modules.Length][];
        for (var i = 0; i < modules.Length; i++)
        {
            sourceTags[i] = [new("kstatotel.source", modules[i].Name)];
        }

        registrar.Gauge<double>(
            "kstatotel.snapshot.age",
            "s",
            "Time since the source's values were last read successfully; it grows past the refresh interval while refreshes fail (the values published are then stale).",
            (snapshot, batch) =>
            {
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < snapshot.Parts.Length; i++)
                {
                    var part = snapshot.Parts[i];
                    if (part.LastGoodTimestamp != 0)
                    {
                        batch.Add((double)(now - part.LastGoodTimestamp) / Stopwatch.Frequency, sourceTags[i]);
                    }
                }
            });

        registrar.Counter<long>(
            "kstatotel.refresh.failures",
            "{failure}",
            "Refreshes of the source that failed since the instrumentation started (the EventSource says why).",
            (snapshot, batch) =>
            {
                for (var i = 0; i < snapshot.Parts.Length; i++)
                {
                    batch.Add(snapshot.Parts[i].TotalFailures, sourceTags[i]);
                }
            });
    }
}
