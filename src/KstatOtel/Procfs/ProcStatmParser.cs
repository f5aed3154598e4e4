namespace KstatOtel.Procfs;

/// <summary>Parses /proc/[pid]/statm: "size resident shared text lib data dt\n", single spaces between.</summary>
internal static class ProcStatmParser
{
    private const string Input = ProcfsInputs.Statm;
    private const int FieldCount = 7;

    private static readonly string[] FieldNames =
        ["size (field 1)", "resident (field 2)", "shared (field 3)", "text (field 4)", "lib (field 5)", "data (field 6)", "dt (field 7)"];

    public static ProcStatm Parse(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || content[^1] != (byte)'\n')
        {
            ThrowHelper.ThrowMalformed(Input, "no terminating newline (truncated content)", content.Length);
        }

        Span<ulong> values = stackalloc ulong[FieldCount];
        var rest = content[..^1];
        var offset = 0;
        for (var i = 0; i < FieldCount; i++)
        {
            if (i > 0)
            {
                if (rest.IsEmpty || rest[0] != (byte)' ')
                {
                    ThrowHelper.ThrowMalformed(Input, $"{FieldCount} space-separated numbers expected, found {i}", offset);
                }

                rest = rest[1..];
                offset++;
            }

            var end = rest.IndexOf((byte)' ');
            var token = end < 0 ? rest : rest[..end];
            values[i] = ProcfsText.ParseUInt64(token, Input, FieldNames[i], offset);
            rest = rest[token.Length..];
            offset += token.Length;
        }

        if (!rest.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(Input, $"more than {FieldCount} fields", offset);
        }

        return new ProcStatm(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }
}
