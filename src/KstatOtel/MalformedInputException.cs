using System.Diagnostics.CodeAnalysis;

namespace KstatOtel;

/// <summary>
/// The one exception the package's parsers raise for input they cannot decode: a procfs file, a netlink message or
/// a kstat buffer whose bytes do not have the documented shape. The message names the input and what was wrong.
/// Expected races (a process that ended, a permission denied) are never reported this way: they are Try* results.
/// </summary>
internal sealed class MalformedInputException : Exception
{
    public MalformedInputException()
        : this("unknown input", "malformed", -1)
    {
    }

    public MalformedInputException(string message)
        : base(message)
    {
        Input = "unknown input";
        Offset = -1;
    }

    public MalformedInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Input = "unknown input";
        Offset = -1;
    }

    /// <param name="input">What was being decoded, e.g. "/proc/[pid]/stat".</param>
    /// <param name="problem">What was wrong with it.</param>
    /// <param name="offset">The byte offset where the problem was found, or -1 when it is not about one place.</param>
    public MalformedInputException(string input, string problem, int offset)
        : base(offset >= 0 ? $"Malformed {input}: {problem} (at byte {offset})." : $"Malformed {input}: {problem}.")
    {
        Input = input;
        Offset = offset;
    }

    /// <summary>What was being decoded, e.g. "/proc/[pid]/stat".</summary>
    public string Input { get; }

    /// <summary>The byte offset of the problem in the input, or -1.</summary>
    public int Offset { get; }
}

/// <summary>
/// Throws <see cref="MalformedInputException"/> from parsers, kept out of line so the parsing loops stay small and
/// the message is only formatted when something is wrong.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(string input, string problem, int offset = -1) =>
        throw new MalformedInputException(input, problem, offset);

    [DoesNotReturn]
    public static T ThrowMalformed<T>(string input, string problem, int offset = -1) =>
        throw new MalformedInputException(input, problem, offset);
}
