using System.Globalization;

namespace Getdelays;

/// <summary>The command line, parsed the way the kernel's getdelays takes it.</summary>
internal sealed class Options
{
    public const string Usage = """
        usage: getdelays [-d] [-i] [-q] [-v] (-p PID | -t TGID | -C CGROUP_DIR | -l [-m CPUMASK] [-r BYTES])
          -p PID     statistics of one task (a thread; a process id names its main thread)
          -t TGID    statistics of a whole process (thread group)
          -C DIR     task counts by state of a cgroup v1 directory, e.g. /sys/fs/cgroup/cpu
          -l         listen for exiting tasks and print each one's statistics (Ctrl+C stops)
          -m CPUMASK with -l: the CPUs to listen on, e.g. 0-3,6 (default: every possible CPU)
          -r BYTES   with -l: the socket's receive buffer (default 4 MiB)
          -d         delays (the default when none of -d, -i, -q is given)
          -i         I/O counters
          -q         context switches
          -v         every other field too
        Queries and -l need CAP_NET_ADMIN; -C needs no privilege.
        """;

    public int? Pid { get; private set; }

    public int? Tgid { get; private set; }

    public string? CgroupDirectory { get; private set; }

    public bool Listen { get; private set; }

    public string? CpuMask { get; private set; }

    public int ReceiveBufferBytes { get; private set; } = KstatOtel.Taskstats.TaskstatsExitListener.DefaultReceiveBufferBytes;

    public bool Delays { get; private set; }

    public bool Io { get; private set; }

    public bool ContextSwitches { get; private set; }

    public bool Verbose { get; private set; }

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are wrong.</summary>
    public static Options? Parse(string[] args, out string? error)
    {
        var options = new Options();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "-p":
                        options.Pid = PositiveInt(Next());
                        break;
                    case "-t":
                        options.Tgid = PositiveInt(Next());
                        break;
                    case "-C":
                        options.CgroupDirectory = Next();
                        break;
                    case "-l":
                        options.Listen = true;
                        break;
                    case "-m":
                        options.CpuMask = Next();
                        break;
                    case "-r":
                        options.ReceiveBufferBytes = PositiveInt(Next());
                        break;
                    case "-d":
                        options.Delays = true;
                        break;
                    case "-i":
                        options.Io = true;
                        break;
                    case "-q":
                        options.ContextSwitches = true;
                        break;
                    case "-v":
                        options.Verbose = true;
                        break;
                    case "-h" or "--help":
                        error = string.Empty;
                        return null;
                    default:
                        throw new FormatException($"unknown option {args[i]}");
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        var modes = (options.Pid is null ? 0 : 1) + (options.Tgid is null ? 0 : 1) + (options.CgroupDirectory is null ? 0 : 1) + (options.Listen ? 1 : 0);
        if (modes != 1)
        {
            error = "give exactly one of -p, -t, -C and -l";
            return null;
        }

        if (!options.Listen && (options.CpuMask is not null))
        {
            error = "-m goes with -l";
            return null;
        }

        if (!options.Delays && !options.Io && !options.ContextSwitches)
        {
            options.Delays = true;
        }

        return options;
    }

    private static int PositiveInt(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"'{text}' is not a positive number");
}
