using System.Globalization;

namespace SelfMonitoring;

/// <summary>The example's command line.</summary>
internal sealed record CommandLine(
    string? OtlpEndpoint,
    int IntervalMs,
    TimeSpan? Duration,
    bool View,
    bool ClearScreen,
    bool AllMetrics = false,
    string? KstatFixtures = null,
    string? KstatLibrary = null)
{
    public const string Usage = """
        usage: SelfMonitoring [--otlp URL] [--interval-ms N] [--duration-s N] [--no-view] [--no-clear] [--all]
                              [--kstat-fixture FILE[,FILE...]] [--kstat-library PATH]
          --otlp URL        export OTLP http/protobuf to URL (default: $OTEL_EXPORTER_OTLP_ENDPOINT, else no export)
          --interval-ms N   collect and show every N ms (default 3000)
          --duration-s N    stop after N seconds (default: run until Ctrl+C)
          --no-view         do not print the metrics
          --no-clear        print each collection below the previous one instead of redrawing the screen
          --all             publish the opt-in metrics too (PSS, the per-thread delay maximum)
          --kstat-fixture FILE[,FILE...]
                            also publish the illumos host metrics, read from these kstat -p captures through the
                            libkstat stand-in (built with gcc on first use): one file per refresh, the last one
                            repeating; join files into one frame with + (a.kstat+b.kstat)
          --kstat-library PATH
                            the stand-in libkstat to use instead of building one (with --kstat-fixture)
        """;

    public static CommandLine? Parse(string[] args)
    {
        string? otlp = null, kstatFixtures = null, kstatLibrary = null;
        var interval = 3000;
        TimeSpan? duration = null;
        var view = true;
        var clear = !Console.IsOutputRedirected;
        var all = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--otlp" when i + 1 < args.Length:
                    otlp = args[++i];
                    break;
                case "--interval-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var ms) && ms >= 100:
                    interval = ms;
                    i++;
                    break;
                case "--duration-s" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0:
                    duration = TimeSpan.FromSeconds(s);
                    i++;
                    break;
                case "--no-view":
                    view = false;
                    break;
                case "--no-clear":
                    clear = false;
                    break;
                case "--all":
                    all = true;
                    break;
                case "--kstat-fixture" when i + 1 < args.Length:
                    kstatFixtures = args[++i];
                    break;
                case "--kstat-library" when i + 1 < args.Length:
                    kstatLibrary = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument: {args[i]}");
                    Console.Error.WriteLine(Usage);
                    return null;
            }
        }

        if (kstatLibrary is not null && kstatFixtures is null)
        {
            Console.Error.WriteLine("--kstat-library needs --kstat-fixture");
            Console.Error.WriteLine(Usage);
            return null;
        }

        return new CommandLine(otlp, interval, duration, view, clear, all, kstatFixtures, kstatLibrary);
    }
}
