using Microsoft.Win32.SafeHandles;

namespace KstatOtel.Kstat.Interop;

/// <summary>
/// Owns a <c>kstat_ctl_t*</c> from <c>kstat_open</c>; releasing it calls <c>kstat_close</c>, which frees the chain and
/// every <c>ks_data</c>. The token serializes every use under its lock and releases the handle under the same lock,
/// so no read can run on freed memory.
/// </summary>
internal sealed class KstatCtlHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the interop marshaller for <c>kstat_open</c>'s return value.</summary>
    public KstatCtlHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The native <c>kstat_ctl_t*</c>, valid while the handle is neither closed nor released.</summary>
    public unsafe KstatCtlNative* Ctl => (KstatCtlNative*)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibKstat.kstat_close(handle) == 0;
}
