using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KstatOtel.Examples;

/// <summary>
/// Serves <c>kstat -p</c> captures through the libkstat stand-in of <c>tests/native/libkstat-standin</c>, on any
/// machine with gcc, without the repository: the stand-in's C sources are embedded in the example as resources
/// (<c>libkstat-standin/NAME</c>), compiled once into a cache folder named after a hash of the sources and of the
/// compiler command (<c>$XDG_CACHE_HOME/kstatotel/standin-HASH/libkstat.so.1</c>, else <c>~/.cache/...</c>), and the
/// environment is set so that <c>KstatToken.Open()</c> loads it: <c>KSTAT_STANDIN_FIXTURES</c> (read by the stand-in's
/// kstat_open) and <c>KSTATOTEL_LIBKSTAT_PATH</c>. A project using this file embeds the sources with
/// <c>&lt;EmbeddedResource Include="..\..\tests\native\libkstat-standin\*.c;..\..\tests\native\libkstat-standin\*.h" LogicalName="libkstat-standin/%(Filename)%(Extension)" /&gt;</c>.
/// </summary>
internal static partial class StandinLibkstat
{
    /// <summary>The stand-in's variable naming the fixture files (comma-separated, one frame each).</summary>
    public const string FixturesVariable = "KSTAT_STANDIN_FIXTURES";

    /// <summary>The stand-in's variable choosing how frames advance ("update": on every kstat_chain_update).</summary>
    public const string AdvanceVariable = "KSTAT_STANDIN_ADVANCE";

    /// <summary>The binding's variable naming the libkstat to load.</summary>
    public const string LibraryPathVariable = "KSTATOTEL_LIBKSTAT_PATH";

    private const string ResourcePrefix = "libkstat-standin/";
    private const string LibraryFileName = "libkstat.so.1";

    /// <summary>
    /// The sources of the stand-in that are test programs (they have a main) rather than parts of the library.
    /// Together with <see cref="CompilerArguments"/> this mirrors the library rule of the stand-in's Makefile.
    /// </summary>
    internal static readonly string[] ProgramSources = ["check.c", "offsets.c"];

    /// <summary>
    /// The gcc arguments before the sources, as the stand-in's Makefile builds build/libkstat.so.1 (without -Werror and
    /// -g: a user's newer gcc may warn where the repository's does not, and the cached build needs no debug data).
    /// </summary>
    internal static readonly string[] CompilerArguments =
        ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-fPIC", "-fvisibility=hidden", "-shared", "-Wl,-soname,libkstat.so.1", "-Wl,--no-undefined", "-Wl,-z,defs"];

    /// <summary>The gcc arguments after the sources.</summary>
    internal static readonly string[] LinkerArguments = ["-lpthread"];

    /// <summary>
    /// Builds the stand-in if needed and points this process at it and at <paramref name="fixtures"/>.
    /// </summary>
    /// <param name="fixtures">The stand-in's fixture list: files separated by commas, one frame each.</param>
    /// <param name="library">A stand-in library to use instead of building one (for example the repository's build).</param>
    /// <param name="advanceOnUpdate">True to advance one frame on every kstat_chain_update (interval mode).</param>
    /// <returns>The path of the library, also set in KSTATOTEL_LIBKSTAT_PATH.</returns>
    public static string Serve(string fixtures, string? library = null, bool advanceOnUpdate = false)
    {
        var path = library ?? Build();
        SetVariable(FixturesVariable, fixtures);
        SetVariable(AdvanceVariable, advanceOnUpdate ? "update" : "manual");
        SetVariable(LibraryPathVariable, path);
        return path;
    }

    /// <summary>Compiles the embedded sources into the cache unless that exact build is there; returns the library's path.</summary>
    /// <param name="cacheRoot">The cache folder; null for $XDG_CACHE_HOME/kstatotel (or ~/.cache/kstatotel).</param>
    public static string Build(string? cacheRoot = null)
    {
        var sources = EmbeddedSources();
        if (sources.Count == 0)
        {
            throw new InvalidOperationException(
                "The libkstat stand-in sources are not embedded in this program (see the remarks of StandinLibkstat).");
        }

        var directory = Path.Combine(cacheRoot ?? DefaultCacheRoot(), "standin-" + Hash(sources));
        var library = Path.Combine(directory, LibraryFileName);
        if (File.Exists(library))
        {
            return library;
        }

        // Build in a private folder, then move the library into place: concurrent builds cannot see half a file.
        var work = Path.Combine(directory, $"build-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            foreach (var (name, content) in sources)
            {
                File.WriteAllBytes(Path.Combine(work, name), content);
            }

            var output = Path.Combine(work, LibraryFileName);
            var arguments = CompilerArguments
                .Append("-o").Append(output)
                .Concat(sources.Keys.Where(IsLibrarySource).Order(StringComparer.Ordinal).Select(n => Path.Combine(work, n)))
                .Concat(LinkerArguments);
            RunGcc(arguments);
            File.Move(output, library, overwrite: true);
            return library;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The embedded stand-in files by name (kstat.h, kernel.c, ...).</summary>
    internal static SortedDictionary<string, byte[]> EmbeddedSources()
    {
        var assembly = typeof(StandinLibkstat).Assembly;
        var sources = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            sources[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return sources;
    }

    /// <summary>True for a .c file of the library (not one of <see cref="ProgramSources"/>).</summary>
    internal static bool IsLibrarySource(string name) =>
        name.EndsWith(".c", StringComparison.Ordinal) && !ProgramSources.Contains(name, StringComparer.Ordinal);

    /// <summary>Sets an environment variable both for .NET and in the C library's environ, where the stand-in reads it.</summary>
    internal static void SetVariable(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (setenv(name, value, 1) != 0)
        {
            throw new IOException($"setenv({name}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    private static string Hash(SortedDictionary<string, byte[]> sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{string.Join(' ', CompilerArguments)}\n{string.Join(' ', LinkerArguments)}\n{string.Join(' ', ProgramSources)}\n"));
        foreach (var (name, content) in sources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{content.Length}\n"));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string DefaultCacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "kstatotel");
    }

    private static void RunGcc(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("gcc did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"Serving kstat fixtures needs gcc to build the libkstat stand-in, and gcc could not be run ({e.Message}). Install gcc (apt-get install gcc) or pass --library with a built stand-in.", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new IOException($"gcc failed to build the libkstat stand-in (exit code {process.ExitCode}):\n{stdout}{stderr.Result}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
