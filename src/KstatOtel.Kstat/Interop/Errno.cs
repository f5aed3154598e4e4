namespace KstatOtel.Kstat.Interop;

/// <summary>The errno values libkstat reports (the same numbers on illumos, Solaris and Linux).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EINVAL = 22;

    /// <summary>The symbolic name of the errno values libkstat documents ("ENXIO"), or "errno N" for others.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        ENXIO => "ENXIO",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EFAULT => "EFAULT",
        EINVAL => "EINVAL",
        _ => $"errno {errno}",
    };

    /// <summary>"ENXIO (No such device or address)": the name and the C library's description.</summary>
    public static string Describe(int errno) => $"{Name(errno)} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})";
}
