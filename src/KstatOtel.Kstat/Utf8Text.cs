using System.Buffers;
using System.Text;

namespace KstatOtel.Kstat;

/// <summary>UTF-8 helpers for the fixed-size C strings of kstat headers and statistics.</summary>
internal static class Utf8Text
{
    /// <summary>The bytes of a C string stored in a fixed field: up to the first NUL, or the whole field when there is none.</summary>
    public static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    /// <summary>Decodes UTF-8, replacing invalid sequences with U+FFFD (as <see cref="Encoding.UTF8"/> does).</summary>
    public static string Decode(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);

    /// <summary>True when <paramref name="utf8"/> decodes to exactly <paramref name="text"/>; allocation-free.</summary>
    public static bool EqualsString(ReadOnlySpan<byte> utf8, string text)
    {
        if (Ascii.IsValid(utf8))
        {
            return Ascii.Equals(utf8, text);
        }

        var maxChars = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        char[]? rented = null;
        var buffer = maxChars <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var written = Encoding.UTF8.GetChars(utf8, buffer);
            return buffer[..written].SequenceEqual(text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
