using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>
/// A file descriptor from open(2), closed with close(2) when released. -1 is the invalid value (0 is a valid
/// descriptor). Passing a disposed instance to a P/Invoke throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public SafeFileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw descriptor number (for diagnostics; never close it yourself).</summary>
    public int Value => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
