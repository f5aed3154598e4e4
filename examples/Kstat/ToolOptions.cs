using System.Globalization;

namespace KstatExample;

/// <summary>Output formats of the tool, as kstat(1) has them.</summary>
internal enum OutputFormat
{
    Human,
    Parseable,
    Colon,
    Json,
    NamesOnly,
    Quiet,
}

/// <summary>The parsed command line.</summary>
internal sealed record ToolOptions(
    OutputFormat Format,
    IReadOnlyList<Selector> Selectors,
    Pattern Class,
    int? IntervalSeconds,
    int? Count,
    char? Timestamp,
    string? Fixtures,
    string? Library)
{
    public const string Usage = """
        Usage: kstat [-Cjlpq] [-T d|u] [-c class] [-m module] [-i instance] [-n name] [-s statistic]
                     [--fixture FILE[,FILE...]] [--library PATH]
                     [module:instance:name:statistic ...] [interval [count]]

          -p            parseable output: module:instance:name:statistic<TAB>value
          -C            like -p with a colon before the value
          -j            JSON output
          -l            list the matching module:instance:name:statistic names only
          -q            print nothing; the exit status says whether anything matched
          -T d|u        print a timestamp before each interval (d: date, u: seconds since the epoch)
          -c class      kstats of this class only
          -m module, -i instance, -n name, -s statistic
                        select fields; each selector is a shell glob or a /regular expression/
          interval [count]
                        repeat every interval seconds, count times (forever when count is omitted)
          --fixture FILE[,FILE...]
                        serve the given `kstat -p` captures through the libkstat stand-in (built with gcc on
                        first use); several files become successive frames, one per interval
          --library PATH
                        the libkstat to load (default: $KSTATOTEL_LIBKSTAT_PATH, then libkstat.so.1)

        Exit status: 0 when something matched, 1 when nothing did, 2 on a usage error, 3 on a failure.
        """;

    public static ToolOptions Parse(IReadOnlyList<string> args)
    {
        var format = OutputFormat.Human;
        Pattern? module = null, instance = null, name = null, statistic = null;
        var @class = Pattern.Any;
        char? timestamp = null;
        string? fixtures = null, library = null;
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new UsageException($"option {arg} needs a value");
            switch (arg)
            {
                case "-p": format = OutputFormat.Parseable; break;
                case "-C": format = OutputFormat.Colon; break;
                case "-j": format = OutputFormat.Json; break;
                case "-l": format = OutputFormat.NamesOnly; break;
                case "-q": format = OutputFormat.Quiet; break;
                case "-c": @class = Pattern.Parse(Value()); break;
                case "-m": module = Pattern.Parse(Value()); break;
                case "-i": instance = Pattern.Parse(Value()); break;
                case "-n": name = Pattern.Parse(Value()); break;
                case "-s": statistic = Pattern.Parse(Value()); break;
                case "-T":
                    var t = Value();
                    timestamp = t is "d" or "u" ? t[0] : throw new UsageException("-T takes d or u");
                    break;
                case "--fixture": fixtures = Value(); break;
                case "--library": library = Value(); break;
                case "-h" or "--help": throw new UsageException(string.Empty);
                case "--":
                    operands.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (arg.Length > 1 && arg[0] == '-' && !char.IsDigit(arg[1]))
                    {
                        throw new UsageException($"unknown option {arg}");
                    }

                    operands.Add(arg);
                    break;
            }
        }

        // Trailing integers are the interval and the count.
        int? interval = null, count = null;
        var numbers = operands.AsEnumerable().Reverse().TakeWhile(IsInteger).Take(2).Reverse().ToList();
        if (numbers.Count > 0)
        {
            operands.RemoveRange(operands.Count - numbers.Count, numbers.Count);
            interval = int.Parse(numbers[0], CultureInfo.InvariantCulture);
            count = numbers.Count > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : null;
            if (interval <= 0 || count <= 0)
            {
                throw new UsageException("interval and count must be positive");
            }
        }

        var selectors = operands.Count == 0 ? [Selector.All] : operands.Select(Selector.Parse).ToList();
        selectors = selectors.Select(s => s.With(module, instance, name, statistic)).ToList();
        return new ToolOptions(format, selectors, @class, interval, count, timestamp, fixtures, library);
    }

    private static bool IsInteger(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);
}
