using System.Runtime.InteropServices;
using KstatOtel.Kstat;

namespace KstatOtel.Benchmarks.Kstat;

/// <summary>
/// Opens a KstatToken on the libkstat stand-in of the repository (tests/native/libkstat-standin, built by make or by
/// scripts/bench-kstat.sh) serving the given fixture files. BenchmarkDotNet runs benchmarks in a child process under
/// this project's bin folder, so the repository is found by walking up to KstatOtel.sln. The stand-in reads its
/// fixture list from the C environment, which .NET does not update: it is set with setenv.
/// </summary>
internal static partial class StandinSetup
{
    public static KstatToken Open(params string[] fixtures)
    {
        var root = FindRoot();
        var library = Path.Combine(root, "tests", "native", "libkstat-standin", "build", "libkstat.so.1");
        if (!File.Exists(library))
        {
            throw new InvalidOperationException($"The libkstat stand-in is not built: run make -C {Path.GetDirectoryName(Path.GetDirectoryName(library))}");
        }

        var paths = fixtures.Select(f => Path.Combine(root, "tests", "fixtures", f));
        SetVariable("KSTAT_STANDIN_FIXTURES", string.Join('+', paths));
        SetVariable("KSTAT_STANDIN_ADVANCE", "manual");
        return KstatToken.Open(library);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KstatOtel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"KstatOtel.sln not found above {AppContext.BaseDirectory}.");
    }

    private static void SetVariable(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
