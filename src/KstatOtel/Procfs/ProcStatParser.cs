namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/[pid]/stat and /proc/[pid]/task/[tid]/stat: "pid (comm) state ppid ...\n".
/// The comm may hold any byte, including ')', spaces and newlines, so it ends at the LAST ')' of the content;
/// after it come space-separated decimal fields up to the final '\n'.
/// </summary>
internal static class ProcStatParser
{
    private const string Input = ProcfsInputs.Stat;

    /// <summary>Fields 3 (state) to 24 (rss) must be present.</summary>
    private const int LastRequiredField = 24;

    public static ProcStat Parse(ReadOnlySpan<byte> content)
    {
        var stat = default(ProcStat);

        var open = content.IndexOf(" ("u8);
        if (open <= 0)
        {
            ThrowHelper.ThrowMalformed(Input, "no \"pid (\" at the start", 0);
        }

        stat.Pid = ProcfsText.ParseInt32(content[..open], Input, "pid (field 1)", 0);
        var close = content.LastIndexOf((byte)')');
        if (close < open + 2)
        {
            ThrowHelper.ThrowMalformed(Input, "no ')' closing the comm", open);
        }

        if (!TaskComm.TryCreate(content[(open + 2)..close], out stat.Comm))
        {
            ThrowHelper.ThrowMalformed(Input, $"comm is {close - open - 2} bytes, longer than {TaskComm.Capacity}", open + 2);
        }

        var rest = content[(close + 1)..];
        var restOffset = close + 1;
        if (rest.IsEmpty || rest[^1] != (byte)'\n')
        {
            ThrowHelper.ThrowMalformed(Input, "no terminating newline (truncated content)", content.Length);
        }

        rest = rest[..^1];
        if (rest.IndexOf((byte)'\n') >= 0)
        {
            ThrowHelper.ThrowMalformed(Input, "a newline inside the fields after the comm", restOffset + rest.IndexOf((byte)'\n'));
        }

        // Scalar scan: the tokens are short, so a byte loop beats a vectorized search per token.
        var field = 2;
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] != (byte)' ')
            {
                ThrowHelper.ThrowMalformed(Input, $"field {field + 1} is not preceded by one space", restOffset + i);
            }

            field++;
            var start = ++i;
            while (i < rest.Length && rest[i] != (byte)' ')
            {
                i++;
            }

            if (i == start)
            {
                ThrowHelper.ThrowMalformed(Input, $"field {field} is empty", restOffset + start);
            }

            Assign(ref stat, field, rest[start..i], restOffset + start);
        }

        if (field < LastRequiredField)
        {
            ThrowHelper.ThrowMalformed(Input, $"only {field} fields, at least {LastRequiredField} expected", content.Length);
        }

        return stat;
    }

    private static void Assign(ref ProcStat stat, int field, ReadOnlySpan<byte> token, int offset)
    {
        switch (field)
        {
            case 3:
                if (token.Length != 1 || token[0] < (byte)'A' || token[0] > (byte)'z')
                {
                    ThrowHelper.ThrowMalformed(Input, "state (field 3) is not one letter", offset);
                }

                stat.State = token[0];
                break;
            case 4: stat.Ppid = ProcfsText.ParseInt32(token, Input, "ppid (field 4)", offset); break;
            case 5: stat.Pgrp = ProcfsText.ParseInt32(token, Input, "pgrp (field 5)", offset); break;
            case 6: stat.Session = ProcfsText.ParseInt32(token, Input, "session (field 6)", offset); break;
            case 7: stat.TtyNr = ProcfsText.ParseInt32(token, Input, "tty_nr (field 7)", offset); break;
            case 8: stat.Tpgid = ProcfsText.ParseInt32(token, Input, "tpgid (field 8)", offset); break;
            case 9: stat.Flags = ProcfsText.ParseUInt32(token, Input, "flags (field 9)", offset); break;
            case 10: stat.MinFlt = ProcfsText.ParseUInt64(token, Input, "minflt (field 10)", offset); break;
            case 11: stat.CMinFlt = ProcfsText.ParseUInt64(token, Input, "cminflt (field 11)", offset); break;
            case 12: stat.MajFlt = ProcfsText.ParseUInt64(token, Input, "majflt (field 12)", offset); break;
            case 13: stat.CMajFlt = ProcfsText.ParseUInt64(token, Input, "cmajflt (field 13)", offset); break;
            case 14: stat.UTime = ProcfsText.ParseUInt64(token, Input, "utime (field 14)", offset); break;
            case 15: stat.STime = ProcfsText.ParseUInt64(token, Input, "stime (field 15)", offset); break;
            case 16: stat.CUTime = ProcfsText.ParseInt64(token, Input, "cutime (field 16)", offset); break;
            case 17: stat.CSTime = ProcfsText.ParseInt64(token, Input, "cstime (field 17)", offset); break;
            case 18: stat.Priority = ProcfsText.ParseInt64(token, Input, "priority (field 18)", offset); break;
            case 19: stat.Nice = ProcfsText.ParseInt64(token, Input, "nice (field 19)", offset); break;
            case 20: stat.NumThreads = ProcfsText.ParseInt64(token, Input, "num_threads (field 20)", offset); break;
            case 22: stat.StartTime = ProcfsText.ParseUInt64(token, Input, "starttime (field 22)", offset); break;
            case 23: stat.VSize = ProcfsText.ParseUInt64(token, Input, "vsize (field 23)", offset); break;
            case 24: stat.Rss = ProcfsText.ParseInt64(token, Input, "rss (field 24)", offset); break;
            case 39: stat.Processor = ProcfsText.ParseInt32(token, Input, "processor (field 39)", offset); break;
            case 40: stat.RtPriority = ProcfsText.ParseUInt32(token, Input, "rt_priority (field 40)", offset); break;
            case 41: stat.Policy = ProcfsText.ParseUInt32(token, Input, "policy (field 41)", offset); break;
            case 42: stat.DelayAcctBlkioTicks = ProcfsText.ParseUInt64(token, Input, "delayacct_blkio_ticks (field 42)", offset); break;
            case 43: stat.GuestTime = ProcfsText.ParseUInt64(token, Input, "guest_time (field 43)", offset); break;
            case 44: stat.CGuestTime = ProcfsText.ParseInt64(token, Input, "cguest_time (field 44)", offset); break;
            case 52: stat.ExitCode = ProcfsText.ParseInt32(token, Input, "exit_code (field 52)", offset); break;
            default:
                // A field the package does not use (or one a newer kernel added): it must still be a number.
                if (!ProcfsText.IsDecimal(token))
                {
                    ThrowHelper.ThrowMalformed(Input, $"field {field} is not a decimal number", offset);
                }

                break;
        }
    }
}
