using System.Text;

namespace KstatOtel.ProcessGroups.Matching;

/// <summary>
/// Reads /proc/PID/cmdline: the arguments, each followed by a NUL. A process that rewrote its arguments
/// (setproctitle) may leave one long string with spaces and no NUL, or padding NULs at the end; kernel threads and
/// zombies have none. Any byte sequence is accepted; invalid UTF-8 becomes U+FFFD.
/// </summary>
internal static class CommandLine
{
    /// <summary>argv[0] and the arguments joined with single spaces (trailing empty arguments dropped).</summary>
    public static (string Argv0, string Joined) Parse(ReadOnlySpan<byte> cmdline)
    {
        // Drop the terminating NUL and any padding after the last argument.
        var end = cmdline.Length;
        while (end > 0 && cmdline[end - 1] == 0)
        {
            end--;
        }

        cmdline = cmdline[..end];
        if (cmdline.IsEmpty)
        {
            return (string.Empty, string.Empty);
        }

        var firstNul = cmdline.IndexOf((byte)0);
        var argv0 = Encoding.UTF8.GetString(firstNul < 0 ? cmdline : cmdline[..firstNul]);
        if (firstNul < 0)
        {
            return (argv0, argv0);
        }

        var joined = Encoding.UTF8.GetString(cmdline).Replace('\0', ' ');
        return (argv0, joined);
    }

    /// <summary>The part of <paramref name="path"/> after its last '/'.</summary>
    public static string BaseName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
