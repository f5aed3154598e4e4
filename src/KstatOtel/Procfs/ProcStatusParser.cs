namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/[pid]/status (and /proc/[pid]/task/[tid]/status): '\n'-terminated "Key:\tvalue" lines. Lines the
/// package does not use are skipped; a used line whose value does not have the kernel's shape raises
/// <see cref="MalformedInputException"/>, as does a line without "Key:".
/// </summary>
internal static class ProcStatusParser
{
    private const string Input = ProcfsInputs.Status;

    public static ProcStatus Parse(ReadOnlySpan<byte> content)
    {
        var status = default(ProcStatus);
        var lines = new ProcfsLineReader(content, Input);
        while (lines.TryReadLine(out var line))
        {
            var offset = lines.LineOffset;
            if (!ProcfsText.TrySplitKeyValue(line, out var key, out var value))
            {
                ThrowHelper.ThrowMalformed(Input, "a line without \"Key:\"", offset);
            }

            switch (key[0])
            {
                case (byte)'N':
                    if (key.SequenceEqual("Name"u8))
                    {
                        if (value.IsEmpty || value[0] != (byte)'\t')
                        {
                            ThrowHelper.ThrowMalformed(Input, "Name is not followed by a tab", offset);
                        }

                        if (!TaskComm.TryCreateUnescaped(value[1..], out status.Name))
                        {
                            ThrowHelper.ThrowMalformed(Input, $"Name is longer than {TaskComm.Capacity} bytes", offset);
                        }

                        status.HasName = true;
                    }

                    break;
                case (byte)'S':
                    if (key.SequenceEqual("State"u8))
                    {
                        status.State = ParseState(value, offset);
                    }

                    break;
                case (byte)'T':
                    if (key.SequenceEqual("Tgid"u8))
                    {
                        status.Tgid = ProcfsText.ParseInt32(ProcfsText.Trim(value), Input, "Tgid", offset);
                    }
                    else if (key.SequenceEqual("Threads"u8))
                    {
                        status.Threads = ProcfsText.ParseInt32(ProcfsText.Trim(value), Input, "Threads", offset);
                    }

                    break;
                case (byte)'P':
                    if (key.SequenceEqual("Pid"u8))
                    {
                        status.Pid = ProcfsText.ParseInt32(ProcfsText.Trim(value), Input, "Pid", offset);
                    }
                    else if (key.SequenceEqual("PPid"u8))
                    {
                        status.PPid = ProcfsText.ParseInt32(ProcfsText.Trim(value), Input, "PPid", offset);
                    }

                    break;
                case (byte)'U':
                    if (key.SequenceEqual("Uid"u8))
                    {
                        status.Uid = ParseIds(value, "Uid", offset);
                    }

                    break;
                case (byte)'G':
                    if (key.SequenceEqual("Gid"u8))
                    {
                        status.Gid = ParseIds(value, "Gid", offset);
                    }

                    break;
                case (byte)'V':
                    ParseVm(ref status, key, value, offset);
                    break;
                case (byte)'R':
                    if (key.SequenceEqual("RssAnon"u8))
                    {
                        status.RssAnonBytes = ProcfsText.ParseKibAsBytes(value, Input, "RssAnon", offset);
                    }
                    else if (key.SequenceEqual("RssFile"u8))
                    {
                        status.RssFileBytes = ProcfsText.ParseKibAsBytes(value, Input, "RssFile", offset);
                    }
                    else if (key.SequenceEqual("RssShmem"u8))
                    {
                        status.RssShmemBytes = ProcfsText.ParseKibAsBytes(value, Input, "RssShmem", offset);
                    }

                    break;
                case (byte)'v':
                    if (key.SequenceEqual("voluntary_ctxt_switches"u8))
                    {
                        status.VoluntaryContextSwitches = ProcfsText.ParseUInt64(ProcfsText.Trim(value), Input, "voluntary_ctxt_switches", offset);
                    }

                    break;
                case (byte)'n':
                    if (key.SequenceEqual("nonvoluntary_ctxt_switches"u8))
                    {
                        status.NonvoluntaryContextSwitches = ProcfsText.ParseUInt64(ProcfsText.Trim(value), Input, "nonvoluntary_ctxt_switches", offset);
                    }

                    break;
            }
        }

        return status;
    }

    private static void ParseVm(ref ProcStatus status, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int offset)
    {
        if (key.SequenceEqual("VmRSS"u8))
        {
            status.VmRssBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmRSS", offset);
        }
        else if (key.SequenceEqual("VmSize"u8))
        {
            status.VmSizeBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmSize", offset);
        }
        else if (key.SequenceEqual("VmSwap"u8))
        {
            status.VmSwapBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmSwap", offset);
        }
        else if (key.SequenceEqual("VmHWM"u8))
        {
            status.VmHwmBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmHWM", offset);
        }
        else if (key.SequenceEqual("VmPeak"u8))
        {
            status.VmPeakBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmPeak", offset);
        }
        else if (key.SequenceEqual("VmData"u8))
        {
            status.VmDataBytes = ProcfsText.ParseKibAsBytes(value, Input, "VmData", offset);
        }
    }

    private static byte ParseState(ReadOnlySpan<byte> value, int offset)
    {
        var trimmed = ProcfsText.Trim(value);
        if (trimmed.IsEmpty || trimmed[0] < (byte)'A' || trimmed[0] > (byte)'z' || (trimmed.Length > 1 && trimmed[1] != (byte)' '))
        {
            ThrowHelper.ThrowMalformed(Input, "State does not start with one letter", offset);
        }

        return trimmed[0];
    }

    private static ProcessIds ParseIds(ReadOnlySpan<byte> value, string field, int offset)
    {
        Span<uint> ids = stackalloc uint[4];
        var rest = value;
        for (var i = 0; i < 4; i++)
        {
            var blanks = ProcfsText.CountLeadingBlanks(rest);
            if (blanks == 0)
            {
                ThrowHelper.ThrowMalformed(Input, $"{field} does not have four blank-separated ids", offset);
            }

            rest = rest[blanks..];
            var end = rest.IndexOfAny(" \t"u8);
            var token = end < 0 ? rest : rest[..end];
            ids[i] = ProcfsText.ParseUInt32(token, Input, field, offset);
            rest = rest[token.Length..];
        }

        if (!ProcfsText.Trim(rest).IsEmpty)
        {
            ThrowHelper.ThrowMalformed(Input, $"{field} has more than four ids", offset);
        }

        return new ProcessIds(ids[0], ids[1], ids[2], ids[3]);
    }
}
