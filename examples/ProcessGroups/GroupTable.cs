using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ProcessGroups;

/// <summary>
/// Shows each collection as a top-like table of the groups (processes, threads, CPU, memory, descriptors, I/O,
/// delays), sorted by CPU use since the previous collection; or, with <c>--lines</c>, as plain key=value lines.
/// </summary>
internal sealed class GroupTable : BaseExporter<Metric>
{
    private const string Prefix = "kstatotel.process_group.";
    private const string GroupKey = "kstatotel.process_group.name";

    private readonly TextWriter output;
    private readonly bool clear;
    private readonly bool lines;
    private readonly Dictionary<string, Row> previous = new(StringComparer.Ordinal);
    private long previousTimestamp;
    private int collections;

    public GroupTable(TextWriter output, bool clear, bool lines)
    {
        this.output = output;
        this.clear = clear;
        this.lines = lines;
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var now = Stopwatch.GetTimestamp();
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        var threads = new Dictionary<(string Group, string Thread), double>();
        var health = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (!metric.Name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = metric.Name[Prefix.Length..];
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                string? group = null, thread = null, detail = null;
                foreach (var tag in point.Tags)
                {
                    switch (tag.Key)
                    {
                        case GroupKey:
                            group = tag.Value as string;
                            break;
                        case "thread.name":
                            thread = tag.Value as string;
                            break;
                        default:
                            detail = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
                            break;
                    }
                }

                var value = Value(metric, point);
                if (group is null)
                {
                    health[detail is null ? name : $"{name}.{detail}"] = value;
                    continue;
                }

                if (thread is not null)
                {
                    if (name == "thread.cpu.time")
                    {
                        threads[(group, thread)] = threads.GetValueOrDefault((group, thread)) + value;
                    }

                    continue;
                }

                if (!rows.TryGetValue(group, out var row))
                {
                    rows[group] = row = new Row(group);
                }

                row.Add(name, detail, value);
            }
        }

        if (rows.Count == 0 && health.Count == 0)
        {
            return ExportResult.Success; // The export made while shutting down, after the instrumentation stopped.
        }

        var seconds = previousTimestamp == 0 ? 0 : (double)(now - previousTimestamp) / Stopwatch.Frequency;
        collections++;
        var text = lines ? Lines(rows, health) : Table(rows, threads, health, seconds);
        if (clear)
        {
            output.Write("\u001b[H\u001b[2J");
        }

        output.Write(text);
        output.Flush();
        previous.Clear();
        foreach (var (group, row) in rows)
        {
            previous[group] = row;
        }

        previousTimestamp = now;
        return ExportResult.Success;
    }

    private static double Value(Metric metric, in MetricPoint point) => metric.MetricType switch
    {
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        _ => double.NaN,
    };

    private string Lines(Dictionary<string, Row> rows, SortedDictionary<string, double> health)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"collection {collections}\n");
        foreach (var row in rows.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            text.Append("group\t").Append(row.Name).Append('\t');
            text.AppendJoin(' ', row.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value:0.######}")));
            text.Append('\n');
        }

        text.Append("health\t");
        text.AppendJoin(' ', health.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value:0.######}")));
        text.Append('\n');
        return text.ToString();
    }

    private string Table(Dictionary<string, Row> rows, Dictionary<(string Group, string Thread), double> threads, SortedDictionary<string, double> health, double seconds)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"KstatOtel process groups, collection {collections} at {DateTime.Now:HH:mm:ss} (Ctrl+C to stop)\n");
        text.Append(CultureInfo.InvariantCulture, $"{"GROUP",-28} {"PROCS",6} {"THR",5} {"CPU%",7} {"CPU s",9} {"RSS",9} {"VIRT",9} {"SWAP",8} {"FDS",6} {"FD%",5} {"READ/s",9} {"WRITE/s",9} {"CPUWAIT%",8} {"IOWAIT%",7} {"EXITS",6}\n");
        foreach (var row in rows.Values.OrderByDescending(r => Rate(r, "cpu.time", seconds)).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Shorten(row.Name, 28),-28} {Number(row.Get("process.count"), "0"),6} {Number(row.Get("thread.count"), "0"),5} {Percent(Rate(row, "cpu.time", seconds)),7} {Number(row.Get("cpu.time"), "0.00"),9} " +
                $"{Bytes(row.Get("memory.usage")),9} {Bytes(row.Get("memory.virtual")),9} {Bytes(row.Get("memory.swap")),8} {Number(row.Get("unix.file_descriptor.count"), "0"),6} " +
                $"{Percent(row.Get("unix.file_descriptor.utilization")),5} {Bytes(Rate(row, "disk.io.read", seconds)),9} {Bytes(Rate(row, "disk.io.write", seconds)),9} " +
                $"{Percent(Rate(row, "delay.time.cpu", seconds)),8} {Percent(Rate(row, "delay.time.blkio", seconds)),7} {Number(row.Get("exits"), "0"),6}\n");
            foreach (var ((group, thread), cpu) in threads.Where(t => t.Key.Group == row.Name).OrderByDescending(t => t.Value))
            {
                var before = previousThreads.GetValueOrDefault((group, thread), double.NaN);
                text.Append(CultureInfo.InvariantCulture, $"  {Shorten(thread, 26),-26} {"",6} {"",5} {Percent(seconds > 0 ? (cpu - before) / seconds : double.NaN),7} {Number(cpu, "0.00"),9}\n");
            }
        }

        previousThreads.Clear();
        foreach (var (key, cpu) in threads)
        {
            previousThreads[key] = cpu;
        }

        text.Append("health: ");
        text.AppendJoin(", ", health.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key} {v.Value:0.##}")));
        text.Append('\n');
        return text.ToString();
    }

    private readonly Dictionary<(string Group, string Thread), double> previousThreads = [];

    private double Rate(Row row, string key, double seconds) =>
        seconds > 0 && previous.TryGetValue(row.Name, out var before) && before.Values.ContainsKey(key)
            ? Math.Max(0, row.Get(key) - before.Get(key)) / seconds
            : double.NaN;

    private static string Number(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => double.IsNaN(ratio) ? "-" : (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Bytes(double bytes)
    {
        if (double.IsNaN(bytes))
        {
            return "-";
        }

        string[] units = ["B", "K", "M", "G", "T"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return bytes.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Shorten(string text, int width) =>
        (text.Length <= width ? text : text[..(width - 1)] + "~").Replace('\n', ' ');

    /// <summary>One group's values of one collection, keyed by metric (and its one distinguishing attribute).</summary>
    private sealed class Row(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

        public void Add(string metric, string? detail, double value)
        {
            // Sums over the detail (user+system, the run states) under the metric name; each detail also under its own key.
            Values[metric] = Values.GetValueOrDefault(metric) + value;
            if (detail is not null)
            {
                Values[$"{metric}.{detail}"] = value;
            }
        }

        public double Get(string key) => Values.TryGetValue(key, out var value) ? value : double.NaN;
    }
}
