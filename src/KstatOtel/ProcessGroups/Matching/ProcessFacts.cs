using System.Text;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Matching;

/// <summary>
/// What the matchers and templates look at for one process: its comm, its command line (argv[0] and the arguments
/// joined with spaces), its real user id and its pid. One instance is reused for each new process; the strings are
/// made only for processes seen for the first time.
/// </summary>
internal sealed class ProcessFacts
{
    private string? commText;

    public int Pid { get; private set; }

    public TaskComm Comm { get; private set; }

    /// <summary>The comm as text (invalid UTF-8 becomes U+FFFD); made on first use.</summary>
    public string CommText => commText ??= Encoding.UTF8.GetString(Comm.Span);

    /// <summary>True when the command line was read (false for a process known only from its exit record).</summary>
    public bool HasCommandLine { get; private set; }

    /// <summary>argv[0], empty for kernel threads and zombies.</summary>
    public string Argv0 { get; private set; } = string.Empty;

    /// <summary>The arguments joined with spaces, empty for kernel threads and zombies.</summary>
    public string CommandLineText { get; private set; } = string.Empty;

    /// <summary>The real user id, when known.</summary>
    public uint? Uid { get; set; }

    /// <summary>Starts the facts of another process.</summary>
    public void Reset(int pid, in TaskComm comm)
    {
        Pid = pid;
        Comm = comm;
        commText = null;
        HasCommandLine = false;
        Argv0 = string.Empty;
        CommandLineText = string.Empty;
        Uid = null;
    }

    /// <summary>Sets the command line from the raw bytes of /proc/PID/cmdline.</summary>
    public void SetCommandLine(ReadOnlySpan<byte> cmdline)
    {
        (Argv0, CommandLineText) = CommandLine.Parse(cmdline);
        HasCommandLine = true;
    }
}
