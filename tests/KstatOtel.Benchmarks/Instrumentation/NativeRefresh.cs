using System.Runtime.InteropServices;

namespace KstatOtel.Benchmarks.Instrumentation;

/// <summary>
/// The C reference refresh (tests/native/instrumentation-bench/libinstrumentation_bench.so): the system calls of one
/// refresh made from C. scripts/bench-instrumentation.sh builds it and puts its folder on LD_LIBRARY_PATH.
/// </summary>
internal static partial class NativeRefresh
{
    private const string Library = "instrumentation_bench";

    [LibraryImport(Library, EntryPoint = "ib_open")]
    internal static partial int Open();

    [LibraryImport(Library, EntryPoint = "ib_refresh_full")]
    internal static partial int RefreshFull();

    [LibraryImport(Library, EntryPoint = "ib_refresh_procfs")]
    internal static partial int RefreshProcfs();

    [LibraryImport(Library, EntryPoint = "ib_close")]
    internal static partial void Close();
}
