using System.Globalization;
using KstatOtel.Diagnostics;
using KstatOtel.Modules;

namespace KstatOtel;

/// <summary>
/// What each MeterProvider holds: a reference to the one <see cref="InstrumentationCore"/> of the process.
/// Every provider that calls <c>AddKstatInstrumentation()</c> listens to the same meter, so one set of instruments
/// serves them all (separate sets would make every provider see every set, duplicating the series). The core starts
/// with the first provider, with that provider's options, and stops (timer, native handles) with the last one.
/// </summary>
internal sealed class KstatInstrumentation : IDisposable
{
    private static readonly object Gate = new();
    private static InstrumentationCore? shared;
    private static int references;

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
                stopping = shared;
                shared = null;
            }
        }

        stopping?.Dispose();
    }

    internal static string Describe(KstatInstrumentationOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"RefreshInterval={options.RefreshInterval}, Metrics={options.Metrics}, LinuxSource={options.LinuxSource}, IncludeProportionalSetSize={options.IncludeProportionalSetSize}, ProcfsRoot={options.ProcfsRoot}, KstatLibraryPath={options.KstatLibraryPath}, IncludeCpuLogicalNumber={options.IncludeCpuLogicalNumber}, AddKstat=[{string.Join("; ", options.KstatStatistics)}], {options.ProcessGroups.Describe()}");
}
