using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KstatOtel.ProcessGroups.Matching;

/// <summary>
/// One compiled <see cref="ProcessGroupDefinition"/>: its matchers (comm, executable, command-line expressions; all
/// given ones must match) and its name template.
/// </summary>
internal sealed class GroupMatcher
{
    /// <summary>How long one command-line expression may run on one process before it counts as not matching.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The bytes the kernel keeps of a process's comm (TASK_COMM_LEN 16, less the terminating NUL). Kernel threads may
    /// show longer names (workqueue workers, and full kthread names on recent kernels).
    /// </summary>
    public const int CommBytes = 15;

    private readonly byte[][] comms;
    private readonly string[] exeFull;
    private readonly string[] exeBase;
    private readonly Regex[] cmdline;

    private GroupMatcher(int index, NameTemplate template, byte[][] comms, string[] longComms, string[] exeFull, string[] exeBase, Regex[] cmdline)
    {
        Index = index;
        LongComms = longComms;
        Template = template;
        this.comms = comms;
        this.exeFull = exeFull;
        this.exeBase = exeBase;
        this.cmdline = cmdline;
        NeedsCommandLine = exeFull.Length + exeBase.Length + cmdline.Length > 0
            || (template.Uses & (TemplateInputs.Executable | TemplateInputs.Captures)) != 0;

        // A process known only from its exit record has a comm, a user and a pid, but no command line.
        DecidableWithoutCommandLine = !NeedsCommandLine;
    }

    /// <summary>The definition's position in the options.</summary>
    public int Index { get; }

    public NameTemplate Template { get; }

    /// <summary>True when matching or naming needs the command line.</summary>
    public bool NeedsCommandLine { get; }

    /// <summary>True when the matchers and the template need nothing but the comm, the user and the pid.</summary>
    public bool DecidableWithoutCommandLine { get; }

    /// <summary>
    /// The <c>Comm</c> entries longer than <see cref="CommBytes"/>: each also matches its first 15 bytes, the comm the
    /// kernel gives a process that runs it (for the <c>LongCommEntry</c> warning).
    /// </summary>
    public IReadOnlyList<string> LongComms { get; }

    /// <summary>True when the template reads the user name.</summary>
    public bool NeedsUser => (Template.Uses & TemplateInputs.Username) != 0;

    /// <summary>Compiles <paramref name="definition"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static GroupMatcher Compile(ProcessGroupDefinition definition, int index)
    {
        var option = string.Create(CultureInfo.InvariantCulture, $"ProcessGroups.Groups[{index}]");
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new ArgumentException($"{option}.Name is required: a name such as \"web\" or a template such as \"{{Comm}}\".", nameof(definition));
        }

        var template = NameTemplate.Parse(definition.Name, option + ".Name");
        var comms = new List<byte[]>();
        var longComms = new List<string>();
        foreach (var comm in definition.Comm)
        {
            if (string.IsNullOrEmpty(comm))
            {
                throw new ArgumentException($"{option}.Comm holds an empty name.", nameof(definition));
            }

            var bytes = Encoding.UTF8.GetBytes(comm);
            comms.Add(bytes);
            if (bytes.Length > CommBytes)
            {
                // The kernel cuts a process's comm to its first 15 bytes (even within a UTF-8 character): match that
                // too. The full entry still matches a kernel thread whose longer name the kernel shows.
                comms.Add(bytes[..CommBytes]);
                longComms.Add(comm);
            }
        }

        var full = new List<string>();
        var bases = new List<string>();
        foreach (var exe in definition.Exe)
        {
            if (string.IsNullOrEmpty(exe))
            {
                throw new ArgumentException($"{option}.Exe holds an empty name.", nameof(definition));
            }

            (exe.Contains('/', StringComparison.Ordinal) ? full : bases).Add(exe);
        }

        var expressions = new List<Regex>();
        var captureNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in definition.Cmdline)
        {
            if (pattern is null)
            {
                throw new ArgumentException($"{option}.Cmdline holds a null expression.", nameof(definition));
            }

            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{option}.Cmdline '{pattern}' is not a valid regular expression: {e.Message}", nameof(definition), e);
            }

            expressions.Add(regex);
            foreach (var name in regex.GetGroupNames())
            {
                captureNames.Add(name);
            }
        }

        foreach (var capture in template.CaptureNames)
        {
            if (!captureNames.Contains(capture))
            {
                throw new ArgumentException(
                    $"{option}.Name '{definition.Name}' uses {{Matches.{capture}}}, but no Cmdline expression of this group has a capture named '{capture}' (write it as (?<{capture}>...)).",
                    nameof(definition));
            }
        }

        return new GroupMatcher(index, template, [.. comms], [.. longComms], [.. full], [.. bases], [.. expressions]);
    }

    /// <summary>
    /// True when every matcher matches <paramref name="facts"/> (whose command line must be set when
    /// <see cref="NeedsCommandLine"/>). <paramref name="captures"/> receives the matches of the command-line
    /// expressions (for the template), or null when there are none.
    /// </summary>
    public bool Matches(ProcessFacts facts, out Match[]? captures)
    {
        captures = null;
        if (!MatchesComm(facts.Comm.Span))
        {
            return false;
        }

        if (exeFull.Length + exeBase.Length > 0 && !MatchesExe(facts.Argv0))
        {
            return false;
        }

        if (cmdline.Length == 0)
        {
            return true;
        }

        var found = new Match[cmdline.Length];
        for (var i = 0; i < cmdline.Length; i++)
        {
            try
            {
                found[i] = cmdline[i].Match(facts.CommandLineText);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }

            if (!found[i].Success)
            {
                return false;
            }
        }

        captures = found;
        return true;
    }

    /// <summary>True when the comm matcher (if any) accepts <paramref name="comm"/>.</summary>
    public bool MatchesComm(ReadOnlySpan<byte> comm)
    {
        if (comms.Length == 0)
        {
            return true;
        }

        foreach (var candidate in comms)
        {
            if (comm.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesExe(string argv0)
    {
        if (argv0.Length == 0)
        {
            return false;
        }

        foreach (var candidate in exeFull)
        {
            if (string.Equals(candidate, argv0, StringComparison.Ordinal))
            {
                return true;
            }
        }

        var baseName = CommandLine.BaseName(argv0);
        foreach (var candidate in exeBase)
        {
            if (string.Equals(candidate, baseName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
