using System.Globalization;
using KstatOtel.Kstat;
using KstatOtel.Examples;

namespace KstatExample;

/// <summary>The kstat(1)-like tool: selects kstats, reads them and prints them, once or every interval.</summary>
internal static class KstatTool
{
    public const int Matched = 0;
    public const int NothingMatched = 1;
    public const int UsageError = 2;
    public const int Failure = 3;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ToolOptions options;
        try
        {
            options = ToolOptions.Parse(args);
        }
        catch (UsageException e)
        {
            if (e.Message.Length > 0)
            {
                error.WriteLine($"kstat: {e.Message}");
            }

            error.Write(ToolOptions.Usage);
            return e.Message.Length > 0 ? UsageError : Matched;
        }

        try
        {
            var library = options.Library;
            StandinProvenance? provenance = null;
            if (options.Fixtures is not null)
            {
                library = StandinLibkstat.Serve(options.Fixtures, library, advanceOnUpdate: true);
            }

            using var token = KstatToken.Open(library);
            if (options.Fixtures is not null)
            {
                // Only the stand-in knows which values a capture gave; a real libkstat serves only real values.
                provenance = StandinProvenance.Find(library!);
            }

            using (provenance)
            {
                return Loop(token, new StatReader(provenance), options, output);
            }
        }
        catch (Exception e) when (e is PlatformNotSupportedException or KstatException or InvalidOperationException or IOException)
        {
            error.WriteLine($"kstat: {e.Message}");
            return Failure;
        }
    }

    private static int Loop(KstatToken token, StatReader reader, ToolOptions options, TextWriter output)
    {
        var writer = new OutputWriter(options.Format, output);
        var matched = false;
        for (var iteration = 0; ; iteration++)
        {
            if (options.Timestamp is { } stamp)
            {
                var now = DateTimeOffset.Now;
                output.Write(stamp == 'u'
                    ? now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n"
                    : now.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture) + "\n");
            }

            var selected = Select(token, reader, options);
            matched |= selected.Count > 0;
            writer.Write(selected);
            output.Flush();
            if (options.IntervalSeconds is not { } interval || (options.Count is { } count && iteration + 1 >= count))
            {
                break;
            }

            Thread.Sleep(TimeSpan.FromSeconds(interval));
            token.Update();
        }

        return matched ? Matched : NothingMatched;
    }

    /// <summary>The matching kstats in kstat(1) order (module, instance, name), each with its matching rows sorted by name.</summary>
    internal static List<(KstatReading Reading, IReadOnlyList<StatRow> Rows)> Select(KstatToken token, StatReader reader, ToolOptions options)
    {
        var entries = token.GetAll()
            .Where(e => options.Class.IsMatch(e.Class) && options.Selectors.Any(s => s.MatchesKstat(e.Module, e.Instance, e.Name)))
            .OrderBy(e => e.Module, KstatOrder.Instance)
            .ThenBy(e => e.Instance)
            .ThenBy(e => e.Name, KstatOrder.Instance);
        var selected = new List<(KstatReading, IReadOnlyList<StatRow>)>();
        foreach (var entry in entries)
        {
            if (reader.Read(entry) is not { } reading)
            {
                continue; // Vanished since the walk.
            }

            var selectors = options.Selectors.Where(s => s.MatchesKstat(entry.Module, entry.Instance, entry.Name)).ToList();
            var rows = reading.Rows
                .Where(r => selectors.Any(s => s.Statistic.IsMatch(r.Name)))
                .OrderBy(r => r.Name, KstatOrder.Instance)
                .ToList();
            if (rows.Count > 0)
            {
                selected.Add((reading, rows));
            }
        }

        return selected;
    }
}
