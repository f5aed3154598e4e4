namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/[pid]/limits: a header line ("Limit  Soft Limit  Hard Limit  Units"), then one row per resource:
/// the name padded to 25 columns, the soft and hard values (a number or "unlimited") and an optional unit.
/// </summary>
internal static class ProcLimitsParser
{
    private const string Input = ProcfsInputs.Limits;

    public static ProcLimits Parse(ReadOnlySpan<byte> content)
    {
        var limits = default(ProcLimits);
        var lines = new ProcfsLineReader(content, Input);
        var first = true;
        while (lines.TryReadLine(out var line))
        {
            var offset = lines.LineOffset;
            if (first)
            {
                first = false;
                if (!line.StartsWith("Limit "u8))
                {
                    ThrowHelper.ThrowMalformed(Input, "the header line does not start with \"Limit\"", offset);
                }

                continue;
            }

            if (!line.StartsWith("Max "u8))
            {
                ThrowHelper.ThrowMalformed(Input, "a row that does not start with \"Max \"", offset);
            }

            if (TryRow(line, "Max open files"u8, offset, out var value))
            {
                limits.OpenFiles = value;
            }
            else if (TryRow(line, "Max processes"u8, offset, out value))
            {
                limits.Processes = value;
            }
            else if (TryRow(line, "Max address space"u8, offset, out value))
            {
                limits.AddressSpace = value;
            }
        }

        return limits;
    }

    private static bool TryRow(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, int offset, out ResourceLimit limit)
    {
        limit = default;
        if (!line.StartsWith(name) || line.Length == name.Length || line[name.Length] != (byte)' ')
        {
            return false;
        }

        var rest = line[name.Length..];
        var soft = NextValue(ref rest, offset);
        var hard = NextValue(ref rest, offset);
        limit = new ResourceLimit(soft, hard);
        return true;
    }

    private static ulong? NextValue(ref ReadOnlySpan<byte> rest, int offset)
    {
        var blanks = ProcfsText.CountLeadingBlanks(rest);
        rest = rest[blanks..];
        var end = rest.IndexOf((byte)' ');
        var token = end < 0 ? rest : rest[..end];
        rest = rest[token.Length..];
        if (blanks == 0 || token.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(Input, "a row without a soft and a hard value", offset);
        }

        return token.SequenceEqual("unlimited"u8) ? null : ProcfsText.ParseUInt64(token, Input, "a limit value", offset);
    }
}
