using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary>
/// Six of the seven functions libkstat exports (illumos <c>usr/src/lib/libkstat/common/mapfile-vers</c>, version
/// SUNW_0.7): every one but <c>kstat_write</c>, which this read-only binding leaves out (it changes kernel state).
/// The library name is resolved by <see cref="LibKstatLoader"/>, which binds it to the path the caller chose.
/// libkstat is MT-Level Unsafe: every call on one <c>kstat_ctl_t</c> must be serialized by the caller.
/// </summary>
internal static unsafe partial class LibKstat
{
    /// <summary>The soname of libkstat; on illumos amd64 a 64-bit process finds it in /lib/64.</summary>
    public const string LibraryName = "libkstat.so.1";

    /// <summary>Names of the exports, checked before the first call so a wrong library fails with a clear error.</summary>
    public static readonly string[] ExportNames =
    [
        "kstat_open", "kstat_close", "kstat_read", "kstat_lookup", "kstat_data_lookup", "kstat_chain_update",
    ];

    /// <summary><c>kstat_ctl_t *kstat_open(void)</c>: NULL and errno on failure.</summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_open", SetLastError = true)]
    public static partial KstatCtlHandle kstat_open();

    /// <summary><c>int kstat_close(kstat_ctl_t *)</c>: frees the chain and every ks_data; returns close()'s result.</summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_close", SetLastError = true)]
    public static partial int kstat_close(nint kc);

    /// <summary><c>kid_t kstat_read(kstat_ctl_t *, kstat_t *, void *)</c>: the current KCID, or -1 and errno.</summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_read", SetLastError = true)]
    public static partial int kstat_read(KstatCtlHandle kc, KstatNative* ksp, void* buf);

    /// <summary>
    /// <c>kstat_t *kstat_lookup(kstat_ctl_t *, const char *module, int instance, const char *name)</c>:
    /// NULL module or name and instance -1 are wildcards; the first match in chain order wins; NULL and ENOENT when none.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_lookup", SetLastError = true)]
    public static partial KstatNative* kstat_lookup(KstatCtlHandle kc, byte* module, int instance, byte* name);

    /// <summary>
    /// <c>void *kstat_data_lookup(kstat_t *, const char *name)</c>: a pointer into ks_data (NAMED and TIMER only).
    /// It dereferences ks_data without a NULL check: call it only after a successful kstat_read.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_data_lookup", SetLastError = true)]
    public static partial void* kstat_data_lookup(KstatNative* ksp, byte* name);

    /// <summary><c>kid_t kstat_chain_update(kstat_ctl_t *)</c>: the new KCID if the chain changed, 0 if not, -1 and errno.</summary>
    [LibraryImport(LibraryName, EntryPoint = "kstat_chain_update", SetLastError = true)]
    public static partial int kstat_chain_update(KstatCtlHandle kc);
}
