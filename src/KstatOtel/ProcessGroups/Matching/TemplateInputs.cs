namespace KstatOtel.ProcessGroups.Matching;

/// <summary>What a name template reads from a process.</summary>
[Flags]
internal enum TemplateInputs
{
    None = 0,
    Comm = 1 << 0,

    /// <summary>argv[0] ({ExeBase}, {ExeFull}): needs the command line.</summary>
    Executable = 1 << 1,
    Username = 1 << 2,
    Pid = 1 << 3,

    /// <summary>{Matches.NAME}: needs the command line.</summary>
    Captures = 1 << 4,
}
