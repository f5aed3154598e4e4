namespace KstatOtel.Kstat;

/// <summary>The type of a named statistic's value (<c>data_type</c>, the KSTAT_DATA_* constants of sys/kstat.h).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members mirror the KSTAT_DATA_* names of sys/kstat.h, which name C types.")]
public enum KstatDataType
{
    /// <summary>KSTAT_DATA_CHAR (0): up to 16 bytes of text in the value itself, not always NUL-terminated.</summary>
    Char = 0,

    /// <summary>KSTAT_DATA_INT32 (1).</summary>
    Int32 = 1,

    /// <summary>KSTAT_DATA_UINT32 (2); counters of this type wrap at 2^32.</summary>
    UInt32 = 2,

    /// <summary>KSTAT_DATA_INT64 (3); also KSTAT_DATA_LONG as a 64-bit process sees it.</summary>
    Int64 = 3,

    /// <summary>KSTAT_DATA_UINT64 (4); also KSTAT_DATA_ULONG as a 64-bit process sees it.</summary>
    UInt64 = 4,

    /// <summary>KSTAT_DATA_FLOAT (5), obsolete.</summary>
    Float = 5,

    /// <summary>KSTAT_DATA_DOUBLE (6), obsolete.</summary>
    Double = 6,

    /// <summary>KSTAT_DATA_STRING (9): text of any length, stored after the statistics array in the kstat's data.</summary>
    String = 9,
}
