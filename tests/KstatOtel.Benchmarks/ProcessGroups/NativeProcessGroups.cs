using System.Runtime.InteropServices;

namespace KstatOtel.Benchmarks.ProcessGroups;

/// <summary>
/// The C reference refresh (tests/native/process-groups-bench/libpg_bench.so). scripts/bench-process-groups.sh builds
/// it and puts its folder on LD_LIBRARY_PATH, where the loader finds it for this import.
/// </summary>
internal static partial class NativeProcessGroups
{
    private const string Library = "pg_bench";

    [LibraryImport(Library, EntryPoint = "pgb_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string root);

    [LibraryImport(Library, EntryPoint = "pgb_refresh")]
    internal static partial int Refresh();

    [LibraryImport(Library, EntryPoint = "pgb_sum")]
    internal static partial ulong Sum();

    [LibraryImport(Library, EntryPoint = "pgb_close")]
    internal static partial void Close();
}
