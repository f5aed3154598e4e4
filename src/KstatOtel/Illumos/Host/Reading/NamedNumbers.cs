using KstatOtel.Kstat;

namespace KstatOtel.Illumos.Host;

/// <summary>Reads named statistics as numbers whatever integer type the kernel gave them (they differ between releases).</summary>
internal static class NamedNumbers
{
    /// <summary>
    /// The statistic at <paramref name="index"/> as an unsigned value: UINT32/UINT64 as they are, INT32/INT64 when not
    /// negative. <paramref name="narrow"/> is true for the 32-bit types, whose counters wrap at 2^32. False for a
    /// missing statistic (index -1), text, or a negative value.
    /// </summary>
    public static bool TryGetUInt64(KstatNamedValues values, int index, out ulong value, out bool narrow)
    {
        if (index >= 0 && index < values.Count)
        {
            var named = values[index];
            switch (named.DataType)
            {
                case KstatDataType.UInt32:
                case KstatDataType.UInt64:
                    value = named.UInt64Value;
                    narrow = named.DataType == KstatDataType.UInt32;
                    return true;
                case KstatDataType.Int32:
                case KstatDataType.Int64:
                    var signed = named.Int64Value;
                    if (signed >= 0)
                    {
                        value = (ulong)signed;
                        narrow = named.DataType == KstatDataType.Int32;
                        return true;
                    }

                    break;
            }
        }

        value = 0;
        narrow = false;
        return false;
    }

    /// <summary>Any numeric statistic as a double (the obsolete FLOAT/DOUBLE types included); false for text or a missing one.</summary>
    public static bool TryGetDouble(KstatNamedValues values, int index, out double value, out bool narrowUnsigned)
    {
        narrowUnsigned = false;
        if (index >= 0 && index < values.Count)
        {
            var named = values[index];
            if (named.IsNumeric)
            {
                value = named.ToDouble();
                narrowUnsigned = named.DataType == KstatDataType.UInt32;
                return true;
            }
        }

        value = 0;
        return false;
    }
}
