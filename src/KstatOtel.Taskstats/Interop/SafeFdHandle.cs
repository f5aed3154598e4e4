using Microsoft.Win32.SafeHandles;

namespace KstatOtel.Taskstats.Interop;

/// <summary>Owns a Linux file descriptor (a netlink socket, an eventfd or a directory) and closes it exactly once.</summary>
internal sealed class SafeFdHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Wraps <paramref name="fd"/> (from a libc call returning int), taking ownership; -1 makes an invalid handle.</summary>
    public SafeFdHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <inheritdoc/>
    /// <remarks>File descriptor 0 is a valid descriptor, so only -1 means "none".</remarks>
    public override bool IsInvalid => handle == -1;

    /// <summary>The descriptor number (for messages and for attributes that carry an fd).</summary>
    public int Fd => (int)handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
