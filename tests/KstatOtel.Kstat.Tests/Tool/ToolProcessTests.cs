using System.Diagnostics;
using KstatOtel.Examples;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>
/// The kstat tool as a separate process, as a user runs it: --fixture builds the stand-in from the C sources embedded
/// in the tool (no repository needed) into a fresh cache folder, then serves the capture.
/// </summary>
[Collection(StandinCollection.Name)]
public class ToolProcessTests
{
    [Fact]
    public void FixtureModeBuildsTheStandinFromTheEmbeddedSourcesIntoTheCache()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"kstatotel-cache-{Guid.NewGuid():N}");
        var capture = Fixtures.Capture("illumos-cpu--3--sys.kstat");
        try
        {
            var (status, output, error) = RunTool(cache, "--fixture", capture, "-p", "cpu:3:sys:cpu_nsec_user");
            Assert.True(status == 0, $"exit status {status}: {error}");
            Assert.Equal("cpu:3:sys:cpu_nsec_user\t105926508484786\n", output);
            var built = Directory.GetFiles(Path.Combine(cache, "kstatotel"), "libkstat.so.1", SearchOption.AllDirectories);
            var library = Assert.Single(built);
            Assert.StartsWith("standin-", Path.GetFileName(Path.GetDirectoryName(library)), StringComparison.Ordinal);
            var stamp = File.GetLastWriteTimeUtc(library);

            // A second run finds the build in the cache.
            Assert.Equal(0, RunTool(cache, "--fixture", capture, "-q").Status);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(library));
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    [Fact]
    public void TheEmbeddedSourcesAreTheStandinsLibrarySources()
    {
        var embedded = StandinLibkstat.EmbeddedSources();
        var onDisk = Directory.GetFiles(Standin.Directory).Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".c", StringComparison.Ordinal) || n.EndsWith(".h", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, embedded.Keys);
        foreach (var (name, content) in embedded)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Standin.Directory, name)), content);
        }

        // The library rule of the Makefile compiles exactly the sources the builder compiles.
        var makefile = File.ReadAllLines(Path.Combine(Standin.Directory, "Makefile"));
        var libSources = makefile.Single(l => l.StartsWith("LIB_SRCS", StringComparison.Ordinal)).Split('=', 2)[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(libSources, embedded.Keys.Where(StandinLibkstat.IsLibrarySource));
    }

    private static (int Status, string Output, string Error) RunTool(string cacheHome, params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "kstat.dll");
        Assert.True(File.Exists(tool), $"{tool} not found");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CACHE_HOME"] = cacheHome;
        start.Environment.Remove(KstatToken.LibraryPathEnvironmentVariable);
        start.Environment.Remove(Standin.FixturesVariable);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
