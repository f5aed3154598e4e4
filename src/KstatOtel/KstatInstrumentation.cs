using System.Globalization;
using KstatOtel.Diagnostics;
using KstatOtel.Modules;

namespace KstatOtel;

/// <summary>
/// What each MeterProvider holds: a reference to the one <see cref="InstrumentationCore"/> of the process.
/// Every provider that calls <c>AddKstatInstrumentation()</c> listens to the same meter, so one set of instruments
/// serves them all (separate sets would make every provider see every set, duplicating the series). The core starts
/// with the first provider, with that provider's options, and stops (timer, native handles) with the last one.
/// Its instruments outlive it briefly (<see cref="FinalCollectionGrace"/>, or until the next core starts), so that the
/// final collection a MeterProvider makes after disposing its instrumentations still reads the last snapshot.
/// </summary>
internal sealed class KstatInstrumentation : IDisposable
{
    /// <summary>How long the instruments of a stopped core stay for the final collection of the providers that used it.</summary>
    public static readonly TimeSpan FinalCollectionGrace = TimeSpan.FromSeconds(30);

    private static readonly object Gate = new();
    private static InstrumentationCore? shared;
    private static int references;
    private static InstrumentationCore? retired;
    private static Timer? retirement;

    private int disposed;

    private KstatInstrumentation(InstrumentationCore? core)
    {
        Core = core;
    }

    public InstrumentationCore? Core { get; }

    /// <summary>What a provider holds when the instrumentation could not start: nothing to stop.</summary>
    internal static KstatInstrumentation NotStarted { get; } = new(null) { disposed = 1 };

    /// <summary>The core running in this process, or null (for tests and tools).</summary>
    internal static InstrumentationCore? Running
    {
        get
        {
            lock (Gate)
            {
                return shared;
            }
        }
    }

    /// <summary>Joins the running core, or starts one with <paramref name="options"/>.</summary>
    public static KstatInstrumentation Acquire(KstatInstrumentationOptions options, Func<KstatInstrumentationOptions, IReadOnlyList<IKstatModule>> createModules)
    {
        lock (Gate)
        {
            if (shared is null)
            {
                // A new core publishes under the same meter name: the stopped one's instruments must go first.
                RemoveRetiredInstruments();
                var modules = createModules(options);
                try
                {
                    shared = new InstrumentationCore(options, modules);
                }
                catch
                {
                    foreach (var module in modules)
                    {
                        module.Dispose();
                    }

                    throw;
                }
            }
            else if (Describe(shared.Options) != Describe(options))
            {
                KstatOtelEventSource.Log.OptionsIgnored(Describe(shared.Options));
            }

            references++;
            return new KstatInstrumentation(shared);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        InstrumentationCore? stopping = null;
        lock (Gate)
        {
            if (--references == 0)
            {
                // Retired at once, while the gate is held: a core that starts while this one stops removes these
                // instruments before it publishes its own, so two sets never live under the meter's name.
                stopping = shared;
                shared = null;
                RemoveRetiredInstruments();
                retired = stopping;
                retirement = new Timer(static state => RetireNow((InstrumentationCore)state!), stopping, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        if (stopping is null)
        {
            return;
        }

        // Timer and native handles now (outside the gate: the refresh under way is waited for); the instruments after
        // the providers' final collection, unless a new core removed them meanwhile.
        try
        {
            stopping.Stop();
        }
        finally
        {
            lock (Gate)
            {
                if (ReferenceEquals(retired, stopping))
                {
                    retirement!.Change(FinalCollectionGrace, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    /// <summary>Removes the instruments of a stopped core now (for tests, and when the grace period ends).</summary>
    internal static void RetireNow()
    {
        lock (Gate)
        {
            RemoveRetiredInstruments();
        }
    }

    // A grace timer that fired while a newer core was being retired must not cut that core's grace short.
    private static void RetireNow(InstrumentationCore core)
    {
        lock (Gate)
        {
            if (ReferenceEquals(retired, core))
            {
                RemoveRetiredInstruments();
            }
        }
    }

    // Called with Gate held.
    private static void RemoveRetiredInstruments()
    {
        retirement?.Dispose();
        retirement = null;
        retired?.Dispose();
        retired = null;
    }

    internal static string Describe(KstatInstrumentationOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"RefreshInterval={options.RefreshInterval}, Metrics={options.Metrics}, LinuxSource={options.LinuxSource}, IncludeProportionalSetSize={options.IncludeProportionalSetSize}, ProcfsRoot={options.ProcfsRoot}, KstatLibraryPath={options.KstatLibraryPath}, IncludeCpuLogicalNumber={options.IncludeCpuLogicalNumber}, AddKstat=[{string.Join("; ", options.KstatStatistics)}], {options.ProcessGroups.Describe()}");
}
