namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/stat: '\n'-terminated lines, each a keyword, a space and values. Only the single-value lines the
/// package uses are decoded (btime, processes, procs_running, procs_blocked); the cpu, intr and softirq lines
/// are skipped.
/// </summary>
internal static class SystemStatParser
{
    private const string Input = ProcfsInputs.SystemStat;

    public static SystemStat Parse(ReadOnlySpan<byte> content)
    {
        var stat = default(SystemStat);
        var lines = new ProcfsLineReader(content, Input);
        while (lines.TryReadLine(out var line))
        {
            var offset = lines.LineOffset;
            var space = line.IndexOf((byte)' ');
            if (space <= 0)
            {
                ThrowHelper.ThrowMalformed(Input, "a line without \"keyword value\"", offset);
            }

            var key = line[..space];
            var value = line[(space + 1)..];
            if (key.SequenceEqual("btime"u8))
            {
                stat.BootTimeSeconds = ProcfsText.ParseUInt64(value, Input, "btime", offset);
            }
            else if (key.SequenceEqual("processes"u8))
            {
                stat.ProcessesCreated = ProcfsText.ParseUInt64(value, Input, "processes", offset);
            }
            else if (key.SequenceEqual("procs_running"u8))
            {
                stat.ProcessesRunning = ProcfsText.ParseUInt64(value, Input, "procs_running", offset);
            }
            else if (key.SequenceEqual("procs_blocked"u8))
            {
                stat.ProcessesBlocked = ProcfsText.ParseUInt64(value, Input, "procs_blocked", offset);
            }
        }

        return stat;
    }
}
