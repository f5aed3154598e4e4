namespace KstatOtel.Procfs;

/// <summary>
/// Parses /proc/[pid]/wchan (and /proc/[pid]/task/[tid]/wchan): the kernel symbol a sleeping task waits in, or
/// "0" when it is not waiting (or the caller may not see it). No newline follows; one is tolerated.
/// </summary>
internal static class WchanParser
{
    private const string Input = ProcfsInputs.Wchan;

    /// <summary>
    /// Returns the symbol name as a slice of <paramref name="content"/>, or an empty span when the task is not
    /// waiting ("0" or an empty file).
    /// </summary>
    public static ReadOnlySpan<byte> Parse(ReadOnlySpan<byte> content)
    {
        var symbol = content;
        if (!symbol.IsEmpty && symbol[^1] == (byte)'\n')
        {
            symbol = symbol[..^1];
        }

        if (symbol.IsEmpty || symbol.SequenceEqual("0"u8))
        {
            return default;
        }

        for (var i = 0; i < symbol.Length; i++)
        {
            // Kernel symbol names are printable ASCII without blanks ([A-Za-z0-9_.$] in practice).
            if (symbol[i] is <= 0x20 or >= 0x7f)
            {
                ThrowHelper.ThrowMalformed(Input, "a byte that cannot be in a kernel symbol name", i);
            }
        }

        return symbol;
    }
}
