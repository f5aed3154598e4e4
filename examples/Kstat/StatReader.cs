using KstatOtel.Kstat;

namespace KstatExample;

/// <summary>
/// Reads a kstat of any type into the rows kstat(1) prints for it: named statistics as they are, the fields of
/// <c>kstat_io_t</c>, <c>kstat_intr_t</c>, <c>kstat_timer_t</c> and of the known RAW structures under the names
/// kstat(1) uses, and the pseudo-statistics <c>class</c>, <c>crtime</c> and <c>snaptime</c>.
/// </summary>
/// <remarks>
/// With a <see cref="StandinProvenance"/> (<c>--fixture</c>), the rows a capture did not give (a pseudo-statistic
/// or a struct field the stand-in serves as a default) are left out; named statistics always come from the capture.
/// </remarks>
internal sealed class StatReader(StandinProvenance? provenance = null)
{
    private readonly KstatNamedValues _named = new(64);

    /// <summary>Reads <paramref name="entry"/>; null when it vanished or cannot be read now.</summary>
    public KstatReading? Read(KstatEntry entry)
    {
        var rows = new List<StatRow>();
        long snapTime;
        switch (entry.Type)
        {
            case KstatType.Named:
                if (!entry.TryReadNamed(_named))
                {
                    return null;
                }

                foreach (var statistic in _named)
                {
                    rows.Add(FromNamed(statistic));
                }

                snapTime = _named.SnapTime;
                break;
            case KstatType.IO:
                if (!entry.TryReadIO(out var io))
                {
                    return null;
                }

                AddIO(rows, io);
                snapTime = io.SnapTime;
                break;
            case KstatType.Interrupt:
                if (!entry.TryReadInterrupts(out var intr))
                {
                    return null;
                }

                rows.Add(StatRow.Unsigned("hard", intr.Hard));
                rows.Add(StatRow.Unsigned("soft", intr.Soft));
                rows.Add(StatRow.Unsigned("watchdog", intr.Watchdog));
                rows.Add(StatRow.Unsigned("spurious", intr.Spurious));
                rows.Add(StatRow.Unsigned("multiple_service", intr.MultipleService));
                snapTime = intr.SnapTime;
                break;
            case KstatType.Timer:
                if (!entry.TryReadTimers(out var timers))
                {
                    return null;
                }

                AddTimers(rows, timers);
                snapTime = entry.SnapTime;
                break;
            default:
                if (!RawRows.TryRead(entry, rows, out snapTime))
                {
                    return null;
                }

                break;
        }

        if (provenance is not null && entry.Type != KstatType.Named)
        {
            rows.RemoveAll(row => !provenance.Captured(entry, row.Name));
        }

        var hasClass = provenance?.Captured(entry, "class") ?? true;
        var hasSnapTime = provenance?.Captured(entry, "snaptime") ?? true;
        if (hasClass)
        {
            rows.Add(StatRow.OfText("class", entry.Class));
        }

        if (provenance?.Captured(entry, "crtime") ?? true)
        {
            rows.Add(StatRow.Time("crtime", entry.CreationTime));
        }

        if (hasSnapTime)
        {
            rows.Add(StatRow.Time("snaptime", snapTime));
        }

        return new KstatReading(entry, hasClass ? entry.Class : null, hasSnapTime ? snapTime : null, rows);
    }

    private static StatRow FromNamed(KstatNamed statistic) => statistic.DataType switch
    {
        KstatDataType.Int32 or KstatDataType.Int64 => StatRow.Signed(statistic.Name, statistic.Int64Value),
        KstatDataType.UInt32 or KstatDataType.UInt64 => StatRow.Unsigned(statistic.Name, statistic.UInt64Value),
        KstatDataType.Float or KstatDataType.Double => StatRow.Real(statistic.Name, statistic.DoubleValue),
        _ => StatRow.OfText(statistic.Name, statistic.FormatValue()),
    };

    private static void AddIO(List<StatRow> rows, KstatIO io)
    {
        rows.Add(StatRow.Unsigned("nread", io.BytesRead));
        rows.Add(StatRow.Unsigned("nwritten", io.BytesWritten));
        rows.Add(StatRow.Unsigned("reads", io.ReadOperations));
        rows.Add(StatRow.Unsigned("writes", io.WriteOperations));
        rows.Add(StatRow.HrTime("wtime", io.WaitTime));
        rows.Add(StatRow.HrTime("wlentime", io.WaitLengthTime));
        rows.Add(StatRow.HrTime("wlastupdate", io.WaitLastUpdate));
        rows.Add(StatRow.HrTime("rtime", io.RunTime));
        rows.Add(StatRow.HrTime("rlentime", io.RunLengthTime));
        rows.Add(StatRow.HrTime("rlastupdate", io.RunLastUpdate));
        rows.Add(StatRow.Unsigned("wcnt", io.WaitCount));
        rows.Add(StatRow.Unsigned("rcnt", io.RunCount));
    }

    /// <summary>kstat(1) shows the first timer's fields; with several timers each field is prefixed by the timer's name.</summary>
    private static void AddTimers(List<StatRow> rows, KstatTimer[] timers)
    {
        foreach (var timer in timers)
        {
            var prefix = timers.Length == 1 ? string.Empty : timer.Name + ":";
            if (timers.Length == 1)
            {
                rows.Add(StatRow.OfText("name", timer.Name));
            }

            rows.Add(StatRow.Unsigned(prefix + "num_events", timer.EventCount));
            rows.Add(StatRow.HrTime(prefix + "elapsed_time", timer.ElapsedTime));
            rows.Add(StatRow.HrTime(prefix + "min_time", timer.MinTime));
            rows.Add(StatRow.HrTime(prefix + "max_time", timer.MaxTime));
            rows.Add(StatRow.HrTime(prefix + "start_time", timer.StartTime));
            rows.Add(StatRow.HrTime(prefix + "stop_time", timer.StopTime));
        }
    }
}
