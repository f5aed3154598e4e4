using System.Diagnostics.CodeAnalysis;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat;

/// <summary>Builds and throws the package's exceptions, keeping the throwing paths out of the hot methods.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Malformed(string message) => throw new KstatMalformedDataException(message);

    [DoesNotReturn]
    public static T Malformed<T>(string message) => throw new KstatMalformedDataException(message);

    [DoesNotReturn]
    public static void CallFailed(string call, int errno, string? subject)
    {
        var what = subject is null ? call : $"{call} on {subject}";
        var advice = errno switch
        {
            Errno.ENOMEM => " The process is out of memory (libkstat already resizes variable-size kstats itself).",
            Errno.EAGAIN => " The kstat stayed unavailable (being created or a transient allocation failure) after the retries; try again later.",
            Errno.ENXIO => " The kstat chain changed under the call; call KstatToken.Update and look the kstat up again.",
            Errno.EACCES or Errno.EPERM => " This kstat is not readable here: some kstats need a privilege or the global zone.",
            _ => string.Empty,
        };
        throw new KstatException($"{what} failed: {Errno.Describe(errno)}.{advice}", errno);
    }

    [DoesNotReturn]
    public static void Disposed() => throw new ObjectDisposedException(nameof(KstatToken), "The KstatToken was disposed: its kstat chain was closed, open a new token.");

    [DoesNotReturn]
    public static void WrongType(KstatEntry entry, string expected) =>
        throw new InvalidOperationException($"kstat {entry} is of type {entry.Type}, not {expected}.");

    [DoesNotReturn]
    public static void NotThatRawKstat(KstatEntry entry, string expected) =>
        throw new InvalidOperationException($"kstat {entry} is not {expected}; its raw data has another layout.");
}
