using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>The errno values the procfs readers tell apart (asm-generic/errno-base.h, the same on every Linux architecture).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int ENFILE = 23;
    public const int EMFILE = 24;

    /// <summary>"EMFILE (Too many open files)"-style text for messages.</summary>
    public static string Describe(int errno)
    {
        var name = errno switch
        {
            EPERM => "EPERM",
            ENOENT => "ENOENT",
            ESRCH => "ESRCH",
            EINTR => "EINTR",
            EACCES => "EACCES",
            ENOTDIR => "ENOTDIR",
            ENFILE => "ENFILE",
            EMFILE => "EMFILE",
            _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return $"{name} ({Marshal.GetPInvokeErrorMessage(errno)})";
    }
}
