namespace KstatOtel.Procfs;

/// <summary>
/// The expected outcomes of reading procfs. Anything else (a descriptor limit reached, an I/O error) is an
/// <see cref="IOException"/>, and content that does not parse is a <see cref="MalformedInputException"/>.
/// </summary>
internal enum ProcfsReadStatus : byte
{
    /// <summary>Read.</summary>
    Ok,

    /// <summary>The process or thread no longer exists (ESRCH from a kept-open file, ENOENT when opening).</summary>
    Gone,

    /// <summary>Not permitted (EACCES or EPERM): another user's process, hidepid, a missing capability.</summary>
    Denied,
}
