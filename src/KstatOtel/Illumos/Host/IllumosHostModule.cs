using System.Runtime.ExceptionServices;
using KstatOtel.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Kstat;
using KstatOtel.Modules;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// The illumos/Solaris host from libkstat: one <see cref="KstatToken"/> (one <c>kstat_ctl_t</c>), a
/// <c>kstat_chain_update</c> at each refresh, fresh look-ups when the chain changed (kstats came or went), and reads
/// of the kstats looked up into values kept across refreshes (no allocation while the chain is unchanged). The token
/// serializes every libkstat call. Each collector writes its own area of the part, so a collector whose kstats fail
/// to read keeps its last good values while the others move on.
/// </summary>
internal sealed class IllumosHostModule : KstatModule<IllumosHostPart>
{
    private readonly KstatToken _token;
    private readonly HostCollector[] _collectors;
    private int _resolvedChainId;
    private bool _resolved;
    private bool _freshlyOpened = true;
    private long _refreshes;

    internal IllumosHostModule(KstatToken token, KstatInstrumentationOptions options, Func<double>? unixTimeSeconds = null)
    {
        _token = token;
        Context = new HostContext(options, unixTimeSeconds);
        _collectors = CreateCollectors(Context);
    }

    public override string Name => "illumos-host";

    internal HostContext Context { get; }

    internal KstatToken Token => _token;

    /// <summary>The families this module publishes: every host family, and the module runs for AddKstat statistics too.</summary>
    public static bool IsWanted(KstatInstrumentationOptions options) =>
        (options.Metrics & KstatMetricFamilies.Host) != 0 || options.KstatStatistics.Count > 0;

    /// <summary>
    /// True on illumos and Solaris, and elsewhere when a libkstat is named (the option or KSTATOTEL_LIBKSTAT_PATH).
    /// </summary>
    public static bool IsPlatformAvailable(KstatInstrumentationOptions options) =>
        IllumosPlatform.IsCurrent || options.KstatLibraryPath is not null
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KstatToken.LibraryPathEnvironmentVariable));

    /// <summary>Opens libkstat and creates the module; null (and one event saying why) when libkstat cannot be opened.</summary>
    public static IllumosHostModule? TryCreate(KstatInstrumentationOptions options)
    {
        KstatToken token;
        try
        {
            token = KstatToken.Open(options.KstatLibraryPath);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or KstatException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            KstatOtelEventSource.Log.KstatUnavailable(e);
            return null;
        }

        return new IllumosHostModule(token, options);
    }

    protected override void Refresh(IllumosHostPart part)
    {
        var refresh = ++_refreshes;

        // kstat_open built the chain already: the first refresh reads it as it is.
        if (!_freshlyOpened)
        {
            _token.Update();
        }

        _freshlyOpened = false;

        // A read that finds its kstat gone updates the chain inside the binding, so compare chain ids rather than
        // trusting Update's result alone.
        var chainId = _token.ChainId;
        if (!_resolved || chainId != _resolvedChainId)
        {
            var chain = _token.GetAll();
            Context.Readers.Prune();
            foreach (var collector in _collectors)
            {
                collector.Resolve(chain);
            }

            _resolvedChainId = chainId;
            _resolved = true;
        }

        ExceptionDispatchInfo? failure = null;
        foreach (var collector in _collectors)
        {
            try
            {
                collector.Refresh(part, refresh);
            }
            catch (Exception e) when (e is KstatException or KstatMalformedDataException or MalformedInputException or InvalidOperationException)
            {
                // The collector's area keeps its last good values; the other collectors still refresh.
                failure ??= ExceptionDispatchInfo.Capture(new KstatException($"Refreshing {collector.Name} failed: {e.Message}", e));
            }
        }

        failure?.Throw();
    }

    /// <summary>Makes the next refresh look every kstat up again, as after a chain change (benchmarks measure that path).</summary>
    internal void ForgetChainForBenchmark() => _resolved = false;

    protected override void CreateInstruments(PartInstruments<IllumosHostPart> instruments)
    {
        foreach (var collector in _collectors)
        {
            collector.CreateInstruments(instruments);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _token.Dispose();
        }

        base.Dispose(disposing);
    }

    private static HostCollector[] CreateCollectors(HostContext context)
    {
        var collectors = new List<HostCollector>();
        if (context.Has(KstatMetricFamilies.HostCpu | KstatMetricFamilies.HostPaging))
        {
            collectors.Add(new CpuCollector(context));
        }

        if (context.Has(KstatMetricFamilies.HostMemory))
        {
            collectors.Add(new MemoryCollector(context));
        }

        if (context.Has(KstatMetricFamilies.HostSystem))
        {
            collectors.Add(new SystemCollector(context));
        }

        if (context.Has(KstatMetricFamilies.HostDisk))
        {
            collectors.Add(new DiskCollector(context));
        }

        if (context.Has(KstatMetricFamilies.HostNetwork))
        {
            collectors.Add(new NetworkCollector(context));
        }

        if (context.Has(KstatMetricFamilies.ZfsArc))
        {
            collectors.Add(new ZfsArcCollector(context));
        }

        if (context.Has(KstatMetricFamilies.NfsMounts))
        {
            collectors.Add(new NfsCollector(context));
        }

        if (context.Has(KstatMetricFamilies.Zones))
        {
            collectors.Add(new ZoneCollector(context));
        }

        if (context.Options.KstatStatistics.Count > 0)
        {
            collectors.Add(new CustomCollector(context));
        }

        return [.. collectors];
    }
}
