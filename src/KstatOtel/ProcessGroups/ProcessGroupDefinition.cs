namespace KstatOtel;

/// <summary>
/// One process group: which processes it takes (its matchers) and how the group is named (its template). Groups are
/// tried in the order they were added and the first whose matchers all match takes the process. A plain object with
/// string properties, so a list of them binds from configuration (JSON arrays for the lists).
/// </summary>
/// <example>
/// <code>
/// options.TrackProcesses(
///     new ProcessGroupDefinition { Name = "web", Comm = { "nginx", "httpd" } },
///     new ProcessGroupDefinition { Name = "worker-{Matches.id}", Cmdline = { @"worker-(?&lt;id&gt;\d+)" } },
///     new ProcessGroupDefinition { Name = "{Comm}" });   // every other process, grouped by command name
/// </code>
/// </example>
public sealed class ProcessGroupDefinition
{
    /// <summary>
    /// The name template of the group (required). Placeholders, case-insensitive: <c>{Comm}</c> (the command name the
    /// kernel keeps, at most 15 bytes), <c>{ExeBase}</c> (the base name of argv[0]), <c>{ExeFull}</c> (argv[0]),
    /// <c>{Username}</c> (the real user, numeric when the user database does not know it), <c>{Matches.NAME}</c> (the
    /// named capture NAME of a <see cref="Cmdline"/> expression) and <c>{PID}</c> (one group per process: allowed, but
    /// every process then makes its own series, and an EventSource warning says so). <c>{{</c> and <c>}}</c> stand for
    /// braces. Only the rendered name leaves the process: command lines are never published, except what a capture
    /// that you write into the template takes from them.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Command names (the kernel's comm, as in <c>/proc/PID/comm</c>); the process matches when its comm is any of them.</summary>
    public IList<string> Comm { get; } = new List<string>();

    /// <summary>
    /// Executables: the process matches when argv[0] is any of them, compared in full when the entry contains a '/'
    /// (<c>/usr/sbin/nginx</c>) and with the base name of argv[0] otherwise (<c>nginx</c>).
    /// </summary>
    public IList<string> Exe { get; } = new List<string>();

    /// <summary>
    /// Regular expressions (.NET syntax) matched against the command line, its arguments joined with spaces; every one
    /// must match. Their named captures can be used in <see cref="Name"/> as <c>{Matches.NAME}</c>.
    /// </summary>
    public IList<string> Cmdline { get; } = new List<string>();

    /// <summary>A copy with copies of the lists.</summary>
    internal ProcessGroupDefinition Clone()
    {
        var copy = new ProcessGroupDefinition { Name = Name };
        foreach (var comm in Comm)
        {
            copy.Comm.Add(comm);
        }

        foreach (var exe in Exe)
        {
            copy.Exe.Add(exe);
        }

        foreach (var cmdline in Cmdline)
        {
            copy.Cmdline.Add(cmdline);
        }

        return copy;
    }

    /// <summary>A one-line description for events and for comparing options.</summary>
    internal string Describe() =>
        $"{{Name={Name}, Comm=[{string.Join(',', Comm)}], Exe=[{string.Join(',', Exe)}], Cmdline=[{string.Join(',', Cmdline)}]}}";
}
