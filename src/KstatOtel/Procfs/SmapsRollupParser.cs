namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/[pid]/smaps_rollup: a first line naming the address range ("start-end perms offset dev inode
/// [rollup]"), then "Key:   N kB" lines. An empty file (kernel threads) has every value null.
/// </summary>
internal static class SmapsRollupParser
{
    private const string Input = ProcfsInputs.SmapsRollup;

    public static SmapsRollup Parse(ReadOnlySpan<byte> content)
    {
        var rollup = default(SmapsRollup);
        var lines = new ProcfsLineReader(content, Input);
        var first = true;
        while (lines.TryReadLine(out var line))
        {
            var offset = lines.LineOffset;
            if (first)
            {
                first = false;
                if (!line.EndsWith("[rollup]"u8))
                {
                    ThrowHelper.ThrowMalformed(Input, "the first line does not end in \"[rollup]\"", offset);
                }

                continue;
            }

            if (!ProcfsText.TrySplitKeyValue(line, out var key, out var value))
            {
                ThrowHelper.ThrowMalformed(Input, "a line without \"Key:\"", offset);
            }

            if (key.SequenceEqual("Rss"u8))
            {
                rollup.RssBytes = ProcfsText.ParseKibAsBytes(value, Input, "Rss", offset);
            }
            else if (key.SequenceEqual("Pss"u8))
            {
                rollup.PssBytes = ProcfsText.ParseKibAsBytes(value, Input, "Pss", offset);
            }
            else if (key.SequenceEqual("Pss_Anon"u8))
            {
                rollup.PssAnonBytes = ProcfsText.ParseKibAsBytes(value, Input, "Pss_Anon", offset);
            }
            else if (key.SequenceEqual("Pss_File"u8))
            {
                rollup.PssFileBytes = ProcfsText.ParseKibAsBytes(value, Input, "Pss_File", offset);
            }
            else if (key.SequenceEqual("Pss_Shmem"u8))
            {
                rollup.PssShmemBytes = ProcfsText.ParseKibAsBytes(value, Input, "Pss_Shmem", offset);
            }
            else if (key.SequenceEqual("Swap"u8))
            {
                rollup.SwapBytes = ProcfsText.ParseKibAsBytes(value, Input, "Swap", offset);
            }
            else if (key.SequenceEqual("SwapPss"u8))
            {
                rollup.SwapPssBytes = ProcfsText.ParseKibAsBytes(value, Input, "SwapPss", offset);
            }
        }

        return rollup;
    }
}
