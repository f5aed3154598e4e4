namespace KstatOtel.Kstat;

/// <summary>
/// A libkstat call failed with an error that is not an expected race (a kstat that vanished is a <c>false</c> result
/// of a <c>Try*</c> method instead). <see cref="Errno"/> holds the C library error number, 0 when there is none.
/// </summary>
public class KstatException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public KstatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public KstatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a failed libkstat call.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="errno">The errno value the call reported.</param>
    public KstatException(string message, int errno)
        : base(message)
    {
        Errno = errno;
    }

    /// <summary>Creates an exception with no message (for serializers and tests).</summary>
    public KstatException()
    {
    }

    /// <summary>The errno the failing libkstat call reported (ENXIO 6, EAGAIN 11, ENOMEM 12, ...), or 0.</summary>
    public int Errno { get; }
}
