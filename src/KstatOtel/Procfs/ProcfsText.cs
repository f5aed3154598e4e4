namespace KstatOtel.Procfs;

/// <summary>
/// Strict, allocation-free helpers for the text the kernel writes in procfs: decimal numbers without sign or
/// padding, signed numbers with an optional '-', space/tab trimming and "N kB" values. Every number is checked
/// for overflow; nothing here trusts the input.
/// </summary>
internal static class ProcfsText
{
    /// <summary>Parses a non-empty run of ASCII digits that fits an unsigned 64-bit integer.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        ulong result = 0;
        foreach (var b in text)
        {
            var digit = (uint)(b - (byte)'0');
            if (digit > 9)
            {
                return false;
            }

            // Overflow check against constants (no division): ulong.MaxValue is 1844674407370955161 * 10 + 5.
            if (result >= 1844674407370955161UL && (result > 1844674407370955161UL || digit > 5))
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = result;
        return true;
    }

    /// <summary>Parses an optional '-' followed by a non-empty run of ASCII digits that fits a signed 64-bit integer.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == (byte)'-';
        if (!TryParseUInt64(negative ? text[1..] : text, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>
    /// True for an optional '-' and 1 to 20 ASCII digits: the shape of every numeric procfs field (whether the
    /// value fits 64 bits is left to the parse of the fields that are used).
    /// </summary>
    public static bool IsDecimal(ReadOnlySpan<byte> text)
    {
        if (!text.IsEmpty && text[0] == (byte)'-')
        {
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        foreach (var b in text)
        {
            if ((uint)(b - (byte)'0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    public static ulong ParseUInt64(ReadOnlySpan<byte> text, string input, string field, int offset) =>
        TryParseUInt64(text, out var value)
            ? value
            : ThrowHelper.ThrowMalformed<ulong>(input, $"{field} is not an unsigned decimal number that fits 64 bits", offset);

    public static long ParseInt64(ReadOnlySpan<byte> text, string input, string field, int offset) =>
        TryParseInt64(text, out var value)
            ? value
            : ThrowHelper.ThrowMalformed<long>(input, $"{field} is not a decimal number that fits 64 bits", offset);

    public static int ParseInt32(ReadOnlySpan<byte> text, string input, string field, int offset) =>
        TryParseInt64(text, out var value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : ThrowHelper.ThrowMalformed<int>(input, $"{field} is not a decimal number that fits 32 bits", offset);

    public static uint ParseUInt32(ReadOnlySpan<byte> text, string input, string field, int offset) =>
        TryParseUInt64(text, out var value) && value <= uint.MaxValue
            ? (uint)value
            : ThrowHelper.ThrowMalformed<uint>(input, $"{field} is not an unsigned decimal number that fits 32 bits", offset);

    /// <summary>Removes leading and trailing spaces and tabs.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t"u8);

    /// <summary>Number of leading spaces and tabs.</summary>
    public static int CountLeadingBlanks(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\t'))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Parses a "&lt;digits&gt; kB" value (as in status and smaps_rollup, blanks around it allowed) into bytes.
    /// </summary>
    public static ulong ParseKibAsBytes(ReadOnlySpan<byte> value, string input, string field, int offset)
    {
        var trimmed = Trim(value);
        if (!trimmed.EndsWith(" kB"u8))
        {
            ThrowHelper.ThrowMalformed(input, $"{field} does not end in \" kB\"", offset);
        }

        var kib = ParseUInt64(Trim(trimmed[..^3]), input, field, offset);
        if (kib > ulong.MaxValue / 1024)
        {
            ThrowHelper.ThrowMalformed(input, $"{field} in bytes does not fit 64 bits", offset);
        }

        return kib * 1024;
    }

    /// <summary>
    /// Splits "Key:value" at the first ':'. The key must be non-empty; the value is returned untrimmed.
    /// Returns false when the line has no ':'.
    /// </summary>
    public static bool TrySplitKeyValue(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            key = default;
            value = default;
            return false;
        }

        key = line[..colon];
        value = line[(colon + 1)..];
        return true;
    }
}
