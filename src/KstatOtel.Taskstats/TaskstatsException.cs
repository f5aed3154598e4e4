using KstatOtel.Taskstats.Interop;

namespace KstatOtel.Taskstats;

/// <summary>
/// A taskstats operation failed with an error number from the kernel or from libc. The message says what failed
/// and, where there is one, how to fix it (for example which capability is missing).
/// </summary>
/// <remarks>
/// Malformed replies raise <see cref="TaskstatsProtocolException"/> instead. "No such process" (ESRCH) is reported
/// by the <c>Try*</c> methods of <see cref="TaskstatsClient"/> as a <see langword="false"/> result.
/// </remarks>
public sealed class TaskstatsException : IOException
{
    /// <summary>Creates the exception for <paramref name="errno"/> with a message that explains it.</summary>
    /// <param name="errno">The positive Linux error number (for example 1 for EPERM).</param>
    /// <param name="message">What failed and how to fix it.</param>
    public TaskstatsException(int errno, string message)
        : base(message)
    {
        Errno = errno;
        HResult = unchecked((int)0x80070000) | (errno & 0xFFFF);
    }

    /// <summary>The positive Linux error number (for example 1 for EPERM, 3 for ESRCH).</summary>
    public int Errno { get; }

    /// <summary>The symbolic name of <see cref="Errno"/>, for example "EPERM".</summary>
    public string ErrorName => Interop.Errno.Name(Errno);

    /// <summary>
    /// True when the kernel refused the request for lack of privilege (EPERM or EACCES): taskstats queries and exit
    /// registration need CAP_NET_ADMIN in the initial user namespace.
    /// </summary>
    public bool IsPermissionDenied => Errno is Interop.Errno.EPERM or Interop.Errno.EACCES;
}
