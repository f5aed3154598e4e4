using System.Diagnostics;
using System.Globalization;
using KstatOtel;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.InstrumentedChild;

/// <summary>
/// The soak: the instrumentation as a long-running application would have it, refreshing every 10 ms with every family
/// on, process groups (threads included) tracking a churn of short-lived processes that a kso-churn helper keeps
/// spawning, the illumos host module over the stand-in when a libkstat is given, and a reader collecting every second.
/// Every SAMPLE seconds it prints "sample SECONDS HEAP RSS FDS THREADS SPAWNED COLLECTIONS" (heap: live bytes after
/// a full collection; the rest from /proc/self), then "soak-done" after SECONDS.
/// </summary>
internal static class Soak
{
    public const string Usage = "usage: KstatOtel.InstrumentedChild soak SECONDS SAMPLE_SECONDS CHURN_PATH [LIBKSTAT_PATH]";

    public static int Run(string[] args)
    {
        if (args.Length is < 3 or > 4)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
        var sampleSeconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        var churnPath = args[2];
        var libkstat = args.Length == 4 ? args[3] : null;

        var exporter = new CountingExporter();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o =>
            {
                o.RefreshInterval = TimeSpan.FromMilliseconds(10);
                o.Metrics = KstatMetricFamilies.All;
                o.KstatLibraryPath = libkstat;
                // Only the churn is tracked (the other processes of the machine, which come and go with whatever else it
                // runs, are matched once and cost nothing after): the descriptors then follow the churn alone.
                o.TrackProcesses(
                    new ProcessGroupDefinition { Name = "soak-kids", Comm = { "kso-soak-kid" } },
                    new ProcessGroupDefinition { Name = "churner", Comm = { "kso-churn" } });
                o.ProcessGroups.IncludeThreads = true;
            })
            .AddReader(new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: 1000))
            .Build();

        // Children that live up to 20 ms, four at a time, 30 % of them killed: hundreds a second, for the whole run.
        using var churn = Process.Start(new ProcessStartInfo(churnPath, ["churn", "2000000000", "4", "20000", "30", "kso-soak-kid"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        long spawned = 0;
        var drain = new Thread(() =>
        {
            while (churn.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("spawn ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref spawned);
                }
            }
        }) { IsBackground = true };
        drain.Start();

        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (clock.Elapsed >= next)
            {
                Sample(clock, Interlocked.Read(ref spawned), exporter.Collections);
                next += TimeSpan.FromSeconds(sampleSeconds);
            }

            Thread.Sleep(50);
        }

        Sample(clock, Interlocked.Read(ref spawned), exporter.Collections);
        churn.Kill();
        churn.WaitForExit();
        Console.Out.WriteLine("soak-done");
        Console.Out.Flush();
        return 0;
    }

    private static void Sample(Stopwatch clock, long spawned, long collections)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long rss = 0, threads = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = long.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var fds = Directory.GetFiles("/proc/self/fd").Length - 1; // the listing's own descriptor
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {clock.Elapsed.TotalSeconds:F1} {GC.GetTotalMemory(false)} {rss} {fds} {threads} {spawned} {collections}"));
        Console.Out.Flush();
    }
}
