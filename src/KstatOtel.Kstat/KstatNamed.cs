using System.Globalization;

namespace KstatOtel.Kstat;

/// <summary>
/// One named statistic as read: its name, data type and value, copied out of native memory. Which value accessor
/// applies depends on <see cref="DataType"/>; the others throw <see cref="InvalidOperationException"/>.
/// </summary>
public readonly struct KstatNamed
{
    private readonly ulong _bits;
    private readonly string? _text;

    internal KstatNamed(string name, KstatDataType dataType, ulong bits, string? text)
    {
        Name = name;
        DataType = dataType;
        _bits = bits;
        _text = text;
    }

    /// <summary>The statistic's name (up to 30 bytes; may contain spaces and commas, such as "Hard Errors").</summary>
    public string Name { get; }

    /// <summary>The statistic's data type; unknown future types keep their number and have no readable value.</summary>
    public KstatDataType DataType { get; }

    /// <summary>True for the integer and floating-point types.</summary>
    public bool IsNumeric => DataType is KstatDataType.Int32 or KstatDataType.UInt32 or KstatDataType.Int64 or KstatDataType.UInt64
        or KstatDataType.Float or KstatDataType.Double;

    /// <summary>True for <see cref="KstatDataType.Char"/> and <see cref="KstatDataType.String"/>.</summary>
    public bool IsText => DataType is KstatDataType.Char or KstatDataType.String;

    /// <summary>The value of an <see cref="KstatDataType.Int32"/> or <see cref="KstatDataType.Int64"/> statistic.</summary>
    public long Int64Value => DataType is KstatDataType.Int32 or KstatDataType.Int64 ? (long)_bits : throw NotA("a signed integer");

    /// <summary>The value of a <see cref="KstatDataType.UInt32"/> or <see cref="KstatDataType.UInt64"/> statistic.</summary>
    public ulong UInt64Value => DataType is KstatDataType.UInt32 or KstatDataType.UInt64 ? _bits : throw NotA("an unsigned integer");

    /// <summary>The value of a <see cref="KstatDataType.Float"/> or <see cref="KstatDataType.Double"/> statistic (obsolete types).</summary>
    public double DoubleValue => DataType is KstatDataType.Float or KstatDataType.Double ? BitConverter.UInt64BitsToDouble(_bits) : throw NotA("a floating-point number");

    /// <summary>
    /// The text of a <see cref="KstatDataType.Char"/> statistic (up to 16 bytes, cut at the first NUL if any) or of a
    /// <see cref="KstatDataType.String"/> statistic (empty when the kernel gave no string).
    /// </summary>
    public string StringValue => IsText ? _text ?? string.Empty : throw NotA("text");

    /// <summary>Any numeric value as a double (unsigned 64-bit values above 2^53 lose precision).</summary>
    public double ToDouble() => DataType switch
    {
        KstatDataType.Int32 or KstatDataType.Int64 => (long)_bits,
        KstatDataType.UInt32 or KstatDataType.UInt64 => _bits,
        KstatDataType.Float or KstatDataType.Double => BitConverter.UInt64BitsToDouble(_bits),
        _ => throw NotA("a number"),
    };

    /// <summary>The value as <c>kstat -p</c> prints it: decimal integers, text as stored; empty for an unknown type.</summary>
    public string FormatValue() => DataType switch
    {
        KstatDataType.Int32 or KstatDataType.Int64 => ((long)_bits).ToString(CultureInfo.InvariantCulture),
        KstatDataType.UInt32 or KstatDataType.UInt64 => _bits.ToString(CultureInfo.InvariantCulture),
        KstatDataType.Float or KstatDataType.Double => BitConverter.UInt64BitsToDouble(_bits).ToString("R", CultureInfo.InvariantCulture),
        KstatDataType.Char or KstatDataType.String => _text ?? string.Empty,
        _ => string.Empty,
    };

    /// <summary>"name=value".</summary>
    public override string ToString() => $"{Name}={FormatValue()}";

    private InvalidOperationException NotA(string what) =>
        new($"Statistic '{Name}' is of data type {DataType}, not {what}.");
}
