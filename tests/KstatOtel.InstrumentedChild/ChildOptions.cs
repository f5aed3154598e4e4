using System.Globalization;
using KstatOtel;

namespace KstatOtel.InstrumentedChild;

/// <summary>The child's command line.</summary>
internal sealed class ChildOptions
{
    public const string Usage = """
        usage: KstatOtel.InstrumentedChild --otlp URL [--source automatic|taskstats|procfs] [--metrics FLAGS] [--pss]
                                           [--refresh-ms N] [--export-ms N] [--direct-read FILE BYTES] [--burn-ms N]
          Starts AddKstatInstrumentation() with these options and an OTLP (http/protobuf) exporter to URL/v1/metrics,
          writes each KstatOtel-Instrumentation event as "event NAME<TAB>payload...", does the work asked for
          (--direct-read: write FILE with BYTES, fsync, read it back with O_DIRECT; --burn-ms: burn CPU), waits for a
          refresh, prints "ready PID", then reads commands on stdin: "flush" exports now and prints "flushed";
          end of input disposes the MeterProvider, prints "disposed" and exits 0.
        """;

    public string? Otlp { get; private set; }

    public LinuxProcessSource Source { get; private set; } = LinuxProcessSource.Automatic;

    public KstatMetricFamilies Metrics { get; private set; } = KstatMetricFamilies.Default;

    public bool Pss { get; private set; }

    public int RefreshMs { get; private set; } = 200;

    public int ExportMs { get; private set; } = 60_000;

    public string? DirectReadFile { get; private set; }

    public long DirectReadBytes { get; private set; }

    public int BurnMs { get; private set; }

    public static ChildOptions? Parse(string[] args)
    {
        var options = new ChildOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--otlp":
                    options.Otlp = Next();
                    break;
                case "--source":
                    options.Source = Enum.Parse<LinuxProcessSource>(Next(), ignoreCase: true);
                    break;
                case "--metrics":
                    options.Metrics = Enum.Parse<KstatMetricFamilies>(Next(), ignoreCase: true);
                    break;
                case "--pss":
                    options.Pss = true;
                    break;
                case "--refresh-ms":
                    options.RefreshMs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--export-ms":
                    options.ExportMs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--direct-read":
                    options.DirectReadFile = Next();
                    options.DirectReadBytes = long.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--burn-ms":
                    options.BurnMs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }
        }

        return options.Otlp is null ? null : options;
    }
}
