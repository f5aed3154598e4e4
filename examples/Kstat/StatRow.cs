using System.Globalization;
using System.Text.Json;

namespace KstatExample;

/// <summary>How a statistic's value prints: kstat(1) distinguishes integers, text and hrtime values.</summary>
internal enum StatKind
{
    Unsigned,
    Signed,
    Text,
    Time,
    Real,
}

/// <summary>One line of kstat(1) output: a statistic (or pseudo-statistic such as crtime) and its value.</summary>
internal readonly record struct StatRow(string Name, StatKind Kind, ulong Bits, string? Text)
{
    public static StatRow Unsigned(string name, ulong value) => new(name, StatKind.Unsigned, value, null);

    public static StatRow Signed(string name, long value) => new(name, StatKind.Signed, (ulong)value, null);

    public static StatRow OfText(string name, string value) => new(name, StatKind.Text, 0, value);

    /// <summary>crtime or snaptime: kstat(1) prints them as seconds (illumos SAVE_HRTIME_X, "%.9f").</summary>
    public static StatRow Time(string name, long nanoseconds) => new(name, StatKind.Time, (ulong)nanoseconds, null);

    /// <summary>
    /// An hrtime field of an IO or TIMER kstat: illumos kstat(1) saves it as a UINT64 (SAVE_HRTIME) and prints
    /// integer nanoseconds ("%llu", all 64 bits), unlike crtime and snaptime.
    /// </summary>
    public static StatRow HrTime(string name, long nanoseconds) => new(name, StatKind.Unsigned, unchecked((ulong)nanoseconds), null);

    public static StatRow Real(string name, double value) => new(name, StatKind.Real, BitConverter.DoubleToUInt64Bits(value), null);

    /// <summary>The value as <c>kstat -p</c> prints it; crtime and snaptime are seconds with nine decimals (0 prints as 0).</summary>
    public string FormatValue() => Kind switch
    {
        StatKind.Unsigned => Bits.ToString(CultureInfo.InvariantCulture),
        StatKind.Signed => ((long)Bits).ToString(CultureInfo.InvariantCulture),
        StatKind.Time => FormatSeconds((long)Bits),
        StatKind.Real => BitConverter.UInt64BitsToDouble(Bits).ToString("R", CultureInfo.InvariantCulture),
        _ => Text ?? string.Empty,
    };

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(Name);
        switch (Kind)
        {
            case StatKind.Unsigned:
                writer.WriteNumberValue(Bits);
                break;
            case StatKind.Signed:
                writer.WriteNumberValue((long)Bits);
                break;
            case StatKind.Time:
                writer.WriteRawValue(FormatSeconds((long)Bits), skipInputValidation: true);
                break;
            case StatKind.Real:
                writer.WriteNumberValue(BitConverter.UInt64BitsToDouble(Bits));
                break;
            default:
                writer.WriteStringValue(Text);
                break;
        }
    }

    /// <summary>Nanoseconds as exact decimal seconds with nine fractional digits (no floating-point rounding).</summary>
    public static string FormatSeconds(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0";
        }

        var sign = nanoseconds < 0 ? "-" : string.Empty;
        var magnitude = nanoseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(nanoseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / 1_000_000_000}.{magnitude % 1_000_000_000:D9}");
    }
}
