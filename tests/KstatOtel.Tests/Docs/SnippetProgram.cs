using System.Diagnostics;
using System.Text;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// A README code block compiled as the Program.cs of a new console app (top-level statements, the implicit usings
/// of <c>dotnet new console</c>, nullable on, warnings as errors) by the SDK's own C# compiler, against the .NET
/// reference assemblies and the assemblies this test project was built with: the real KstatOtel, OpenTelemetry and
/// OTLP exporter. The program then runs in a process of its own, like a user's app.
/// </summary>
internal sealed class SnippetProgram : IDisposable
{
    /// <summary>The global usings <c>dotnet new console</c> projects get (ImplicitUsings enabled).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>The assemblies of the test's output folder a snippet may use (and their dependencies).</summary>
    private static readonly string[] ReferencedPrefixes = ["KstatOtel.dll", "KstatOtel.Taskstats.dll", "KstatOtel.Kstat.dll", "OpenTelemetry", "Microsoft.Extensions."];

    private SnippetProgram(string directory, string assembly)
    {
        Directory = directory;
        AssemblyPath = assembly;
    }

    /// <summary>The folder holding the program and its dependencies.</summary>
    public string Directory { get; }

    public string AssemblyPath { get; }

    /// <summary>
    /// Compiles <paramref name="source"/> (and <paramref name="extraSources"/>, compiled alongside) into a program;
    /// throws with the compiler's messages when it does not compile.
    /// </summary>
    public static SnippetProgram Compile(string name, string source, params string[] extraSources)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"kstatotel-snippet-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var sources = new List<string> { Write(directory, "Program.cs", source), Write(directory, "GlobalUsings.g.cs", ImplicitUsings) };
        sources.AddRange(extraSources);
        var output = Path.Combine(directory, name + ".dll");

        var arguments = new StringBuilder()
            .AppendLine("-nologo")
            .AppendLine("-noconfig")
            .AppendLine("-nostdlib+")
            .AppendLine("-target:exe")
            .AppendLine("-langversion:latest")
            .AppendLine("-nullable:enable")
            .AppendLine("-warnaserror+")
            .AppendLine("-deterministic+")
            .AppendLine($"-out:\"{output}\"");
        foreach (var reference in FrameworkReferences().Concat(BuiltReferences()))
        {
            arguments.AppendLine($"-r:\"{reference}\"");
        }

        foreach (var file in sources)
        {
            arguments.AppendLine($"\"{file}\"");
        }

        var responseFile = Write(directory, "csc.rsp", arguments.ToString());
        var (exitCode, text) = Run(Dotnet, ["exec", CompilerPath, $"@{responseFile}"], directory, new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The README snippet '{name}' does not compile (csc exit {exitCode}):\n{text}\n--- the snippet ---\n{source}");
        }

        foreach (var dll in System.IO.Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            File.Copy(dll, Path.Combine(directory, Path.GetFileName(dll)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(directory, name + ".runtimeconfig.json"), $$"""
            { "runtimeOptions": { "tfm": "net10.0", "framework": { "name": "Microsoft.NETCore.App", "version": "{{Environment.Version.Major}}.{{Environment.Version.Minor}}.0" } } }
            """);
        return new SnippetProgram(directory, output);
    }

    /// <summary>Starts the program with <paramref name="environment"/> added to this process's environment.</summary>
    public Process Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Dotnet, [AssemblyPath])
        {
            WorkingDirectory = Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>
    /// Starts the program (one that runs until stopped), waits for <paramref name="arrived"/>, then kills it. Fails with
    /// the program's output when it ends before, or when <paramref name="arrived"/> throws.
    /// </summary>
    public async Task<T> RunUntilAsync<T>(IReadOnlyDictionary<string, string> environment, Func<Task<T>> arrived)
    {
        using var process = Start(environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        var waiting = arrived();
        try
        {
            if (await Task.WhenAny(waiting, exited).ConfigureAwait(false) == exited && !waiting.IsCompleted)
            {
                throw new InvalidOperationException($"The program ended (exit code {process.ExitCode}) before its metrics arrived:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
            }

            return await waiting.ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await exited.ConfigureAwait(false);
        }
    }

    /// <summary>Runs the program to its end; returns its exit code and output.</summary>
    public (int ExitCode, string Output) Run(IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        Run(Dotnet, [AssemblyPath], Directory, environment, timeout);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    /// <summary>The dotnet host running the tests.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : Path.Combine(DotnetRoot, "dotnet");

    /// <summary>The .NET installation of the running runtime: shared/Microsoft.NETCore.App/VERSION is three levels below it.</summary>
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    /// <summary>The C# compiler of the newest SDK installed next to the runtime.</summary>
    private static string CompilerPath
    {
        get
        {
            var compilers = System.IO.Directory.EnumerateDirectories(Path.Combine(DotnetRoot, "sdk"))
                .Select(sdk => Path.Combine(sdk, "Roslyn", "bincore", "csc.dll"))
                .Where(File.Exists)
                .OrderBy(path => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path))))?.Split('-')[0], out var v) ? v : new Version(0, 0))
                .ToList();
            return compilers.Count > 0 ? compilers[^1] : throw new InvalidOperationException($"No .NET SDK C# compiler (sdk/*/Roslyn/bincore/csc.dll) under {DotnetRoot}.");
        }
    }

    /// <summary>The reference pack of the running runtime's major version, or the runtime's own assemblies when there is none.</summary>
    private static IEnumerable<string> FrameworkReferences()
    {
        var packs = Path.Combine(DotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var tfm = $"net{Environment.Version.Major}.0";
        var refDirectory = System.IO.Directory.Exists(packs)
            ? System.IO.Directory.EnumerateDirectories(packs)
                .Where(d => Path.GetFileName(d).StartsWith($"{Environment.Version.Major}.", StringComparison.Ordinal))
                .Select(d => Path.Combine(d, "ref", tfm))
                .Where(System.IO.Directory.Exists)
                .OrderBy(d => d, StringComparer.Ordinal)
                .LastOrDefault()
            : null;
        return System.IO.Directory.EnumerateFiles(refDirectory ?? Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll");
    }

    private static IEnumerable<string> BuiltReferences() =>
        System.IO.Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => ReferencedPrefixes.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal)));

    private static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int ExitCode, string Output) Run(string file, string[] arguments, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
