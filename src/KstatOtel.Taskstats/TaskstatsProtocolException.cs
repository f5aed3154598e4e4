namespace KstatOtel.Taskstats;

/// <summary>
/// A netlink reply could not be used: it is truncated, its lengths are inconsistent, it answers another request,
/// or it carries a struct taskstats layout this package refuses (version 15, or versions before 4). The message
/// names the offending field and its offset.
/// </summary>
/// <remarks>This is the one exception type this package raises for malformed input.</remarks>
public sealed class TaskstatsProtocolException : Exception
{
    /// <summary>Creates the exception with a message that describes the malformed input.</summary>
    /// <param name="message">What was wrong, and where.</param>
    public TaskstatsProtocolException(string message)
        : base(message)
    {
    }
}
