namespace KstatOtel.Procfs;

/// <summary>Parses /proc/[pid]/io: '\n'-terminated "key: number" lines. Unknown keys are skipped.</summary>
internal static class ProcIoParser
{
    private const string Input = ProcfsInputs.Io;

    public static ProcIo Parse(ReadOnlySpan<byte> content)
    {
        var io = default(ProcIo);
        var lines = new ProcfsLineReader(content, Input);
        while (lines.TryReadLine(out var line))
        {
            var offset = lines.LineOffset;
            if (!ProcfsText.TrySplitKeyValue(line, out var key, out var text))
            {
                ThrowHelper.ThrowMalformed(Input, "a line without \"key:\"", offset);
            }

            var value = ProcfsText.Trim(text);
            if (key.SequenceEqual("rchar"u8))
            {
                io.RChar = ProcfsText.ParseUInt64(value, Input, "rchar", offset);
            }
            else if (key.SequenceEqual("wchar"u8))
            {
                io.WChar = ProcfsText.ParseUInt64(value, Input, "wchar", offset);
            }
            else if (key.SequenceEqual("syscr"u8))
            {
                io.SyscR = ProcfsText.ParseUInt64(value, Input, "syscr", offset);
            }
            else if (key.SequenceEqual("syscw"u8))
            {
                io.SyscW = ProcfsText.ParseUInt64(value, Input, "syscw", offset);
            }
            else if (key.SequenceEqual("read_bytes"u8))
            {
                io.ReadBytes = ProcfsText.ParseUInt64(value, Input, "read_bytes", offset);
            }
            else if (key.SequenceEqual("write_bytes"u8))
            {
                io.WriteBytes = ProcfsText.ParseUInt64(value, Input, "write_bytes", offset);
            }
            else if (key.SequenceEqual("cancelled_write_bytes"u8))
            {
                io.CancelledWriteBytes = ProcfsText.ParseUInt64(value, Input, "cancelled_write_bytes", offset);
            }
        }

        return io;
    }
}
