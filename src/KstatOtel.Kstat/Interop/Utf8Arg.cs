using System.Text;

namespace KstatOtel.Kstat.Interop;

/// <summary>Encodes a string argument as a NUL-terminated UTF-8 C string into a caller-provided buffer.</summary>
internal static class Utf8Arg
{
    /// <summary>Stack buffer size that fits every kstat module, name and statistic (KSTAT_STRLEN is 31).</summary>
    public const int StackSize = 128;

    /// <summary>
    /// Writes <paramref name="value"/> and a NUL into <paramref name="buffer"/> (or a new array when it does not fit)
    /// and returns the bytes to pin. Throws when the value holds a NUL, which C would silently cut there.
    /// </summary>
    public static Span<byte> Encode(string value, Span<byte> buffer, string parameterName)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A kstat name cannot contain a NUL character.", parameterName);
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var target = length + 1 <= buffer.Length ? buffer : new byte[length + 1];
        Encoding.UTF8.GetBytes(value, target);
        target[length] = 0;
        return target[..(length + 1)];
    }
}
