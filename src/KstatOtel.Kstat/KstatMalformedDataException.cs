namespace KstatOtel.Kstat;

/// <summary>
/// The data libkstat returned is inconsistent, so it is not decoded: for example <c>ks_ndata * sizeof(kstat_named_t)</c>
/// larger than <c>ks_data_size</c>, a string pointer outside the kstat's data, or a RAW kstat whose size is not the size
/// of the structure its name stands for. This is the package's one malformed-input exception.
/// </summary>
public sealed class KstatMalformedDataException : KstatException
{
    /// <summary>Creates an exception describing the inconsistency.</summary>
    public KstatMalformedDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception describing the inconsistency, with the exception that revealed it.</summary>
    public KstatMalformedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (for serializers and tests).</summary>
    public KstatMalformedDataException()
    {
    }
}
