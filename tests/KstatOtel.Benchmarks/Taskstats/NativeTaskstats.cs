using System.Runtime.InteropServices;

namespace KstatOtel.Benchmarks.Taskstats;

/// <summary>
/// The C reference query (tests/native/taskstats-bench/libtaskstats_bench.so). scripts/bench-taskstats.sh builds it
/// and puts its folder on LD_LIBRARY_PATH, where the loader finds it for this import.
/// </summary>
internal static partial class NativeTaskstats
{
    private const string Library = "taskstats_bench";

    [LibraryImport(Library, EntryPoint = "tsb_open")]
    internal static partial int Open();

    [LibraryImport(Library, EntryPoint = "tsb_query_tgid")]
    internal static partial int QueryThreadGroup(int tgid);

    [LibraryImport(Library, EntryPoint = "tsb_query_pid")]
    internal static partial int QueryTask(int pid);

    [LibraryImport(Library, EntryPoint = "tsb_close")]
    internal static partial void Close();
}
