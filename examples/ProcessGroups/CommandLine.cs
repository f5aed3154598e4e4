using System.Globalization;
using KstatOtel;

namespace ProcessGroups;

/// <summary>The example's command line: group definitions (each --group starts one) and display options.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        usage: ProcessGroups [--group NAME [--comm C]... [--exe E]... [--cmdline REGEX]...]...
                             [--children] [--threads] [--remove-empty] [--max-groups N] [--no-taskstats] [--pss]
                             [--procfs ROOT] [--interval-ms N] [--duration-s N] [--otlp URL] [--no-clear] [--lines]
          --group NAME      start a group; NAME is a template: {Comm}, {ExeBase}, {ExeFull}, {Username}, {PID},
                            {Matches.NAME} (a named capture of --cmdline). Groups are tried in order; the first
                            whose matchers all match takes a process; a group without matchers takes the rest.
          --comm C          the group takes processes whose command name is C (repeat: any of them)
          --exe E           ... whose argv[0] is E (a path when E has a '/', else compared with its base name)
          --cmdline REGEX   ... whose command line matches REGEX (repeat: all of them)
          --children        count processes no group takes with their nearest tracked ancestor
          --threads         also show the threads of each group, by name (and export them)
          --remove-empty    forget groups with no process left
          --max-groups N    at most N groups (default 500)
          --no-taskstats    procfs only, even with CAP_NET_ADMIN (no exit records, no delays)
          --pss             also read the proportional set size (slow for large processes)
          --procfs ROOT     the procfs mount to read (default /proc)
          --interval-ms N   refresh and show every N ms (default 2000)
          --duration-s N    stop after N seconds (default: run until Ctrl+C)
          --otlp URL        export OTLP http/protobuf to URL (default: $OTEL_EXPORTER_OTLP_ENDPOINT, else no export)
          --no-clear        print each table below the previous one instead of redrawing the screen
          --lines           print plain "key=value" lines instead of the table (for scripts and tests)
        With no --group, every process is grouped by its command name ({Comm}).
        example: ProcessGroups --group web --comm nginx --group 'workers' --cmdline 'worker-(?<id>\d+)' --group '{Comm}'
        """;

    public List<ProcessGroupDefinition> Groups { get; } = [];

    public bool Children { get; private set; }

    public bool Threads { get; private set; }

    public bool RemoveEmpty { get; private set; }

    public int MaxGroups { get; private set; } = ProcessGroupOptions.DefaultMaxGroups;

    public bool UseTaskstats { get; private set; } = true;

    public bool Proportional { get; private set; }

    public string ProcfsRoot { get; private set; } = "/proc";

    public int IntervalMs { get; private set; } = 2000;

    public TimeSpan? Duration { get; private set; }

    public string? OtlpEndpoint { get; private set; }

    public bool Clear { get; private set; } = !Console.IsOutputRedirected;

    public bool Lines { get; private set; }

    /// <summary>Parses <paramref name="args"/>; null (after printing why) when they are wrong.</summary>
    public static CommandLine? Parse(string[] args)
    {
        var line = new CommandLine();
        ProcessGroupDefinition? current = null;
        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (argument)
            {
                case "--group" when Value() is { } name:
                    current = new ProcessGroupDefinition { Name = name };
                    line.Groups.Add(current);
                    break;
                case "--comm" or "--exe" or "--cmdline" when current is null:
                    return Fail($"{argument} comes before any --group");
                case "--comm" when Value() is { } comm:
                    current!.Comm.Add(comm);
                    break;
                case "--exe" when Value() is { } exe:
                    current!.Exe.Add(exe);
                    break;
                case "--cmdline" when Value() is { } regex:
                    current!.Cmdline.Add(regex);
                    break;
                case "--children":
                    line.Children = true;
                    break;
                case "--threads":
                    line.Threads = true;
                    break;
                case "--remove-empty":
                    line.RemoveEmpty = true;
                    break;
                case "--no-taskstats":
                    line.UseTaskstats = false;
                    break;
                case "--pss":
                    line.Proportional = true;
                    break;
                case "--max-groups" when int.TryParse(Value(), CultureInfo.InvariantCulture, out var max) && max > 0:
                    line.MaxGroups = max;
                    break;
                case "--procfs" when Value() is { } root:
                    line.ProcfsRoot = root;
                    break;
                case "--interval-ms" when int.TryParse(Value(), CultureInfo.InvariantCulture, out var ms) && ms >= 100:
                    line.IntervalMs = ms;
                    break;
                case "--duration-s" when double.TryParse(Value(), CultureInfo.InvariantCulture, out var s) && s > 0:
                    line.Duration = TimeSpan.FromSeconds(s);
                    break;
                case "--otlp" when Value() is { } url:
                    line.OtlpEndpoint = url;
                    break;
                case "--no-clear":
                    line.Clear = false;
                    break;
                case "--lines":
                    line.Lines = true;
                    line.Clear = false;
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return null;
                default:
                    return Fail($"unknown or incomplete argument: {argument}");
            }
        }

        if (line.Groups.Count == 0)
        {
            line.Groups.Add(new ProcessGroupDefinition { Name = "{Comm}" });
        }

        return line;
    }

    /// <summary>Applies the command line to the instrumentation options.</summary>
    public void Apply(KstatInstrumentationOptions options)
    {
        options.RefreshInterval = TimeSpan.FromMilliseconds(IntervalMs);
        options.ProcfsRoot = ProcfsRoot;
        options.TrackProcesses([.. Groups]);
        options.ProcessGroups.TrackChildren = Children;
        options.ProcessGroups.IncludeThreads = Threads;
        options.ProcessGroups.RemoveEmptyGroups = RemoveEmpty;
        options.ProcessGroups.MaxGroups = MaxGroups;
        options.ProcessGroups.UseTaskstats = UseTaskstats;
        options.ProcessGroups.IncludeProportionalSetSize = Proportional;
    }

    private static CommandLine? Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return null;
    }
}
